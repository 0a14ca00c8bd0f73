import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

/** What a developer or billing viewer sees on a webhook page (the services refuse them anyway). */
export function WebhooksOwnersOnly({ role }: { role: Role }) {
  return (
    <>
      <PageHeader title="Webhooks" description="Webhooks tell this team's own systems when something changes here: keys created or revoked, members joining, budgets reached." />
      <EmptyState
        icon={Lock}
        title="Only owners and admins manage webhooks"
        description={`Your role here is ${ROLE_LABELS[role]}. Ask an owner or admin of this team if you need an endpoint added or its deliveries checked.`}
      />
    </>
  );
}
