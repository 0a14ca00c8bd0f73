import type { Metadata } from "next";
import { Webhook } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AddEndpointButton, AddEndpointProvider } from "@/components/webhooks/add-endpoint-button";
import { EndpointsList } from "@/components/webhooks/endpoints-list";
import { WebhooksOwnersOnly } from "@/components/webhooks/owners-only";
import { WebhooksIntro } from "@/components/webhooks/webhooks-intro";
import { can } from "@/lib/permissions";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";
import { MAX_WEBHOOK_ENDPOINTS } from "@/lib/webhooks/constants";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoint-queries";
import { toWire } from "@/lib/webhooks/wire";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, user } = await requireTeamPage(slug);
  if (!can(role, "webhooks.manage")) return <WebhooksOwnersOnly role={role} />;

  const endpoints = toWire(await listWebhookEndpoints(await pageActor(user), team.id));
  const full = endpoints.length >= MAX_WEBHOOK_ENDPOINTS ? `A team can have ${MAX_WEBHOOK_ENDPOINTS} endpoints. Delete one to add another.` : undefined;
  return (
    <AddEndpointProvider teamId={team.id}>
      <PageHeader
        title="Webhooks"
        description="Endpoints of your own that Gatehouse tells when something changes in this team, signed so they can trust it."
        actions={endpoints.length > 0 ? <AddEndpointButton disabledReason={full} /> : undefined}
      />
      <div className="grid grid-cols-1 gap-6">
        {endpoints.length === 0 ? (
          <EmptyState
            icon={Webhook}
            title="No webhook endpoints yet"
            description="Add a URL of yours and Gatehouse POSTs it an event whenever a key is created, rotated, revoked or about to expire, a budget threshold is reached, or a member joins, changes role or leaves."
            action={<AddEndpointButton label="Add your first endpoint" />}
          />
        ) : (
          <EndpointsList teamSlug={team.slug} endpoints={endpoints} now={new Date()} />
        )}
        <WebhooksIntro />
      </div>
    </AddEndpointProvider>
  );
}
