import type { Metadata } from "next";
import { KeySquare } from "lucide-react";
import { CreateServiceTokenDialog } from "@/components/operator/create-service-token-dialog";
import { ServiceTokensTable } from "@/components/operator/service-tokens-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperatorPage } from "@/lib/operator/operator-page";
import { listServiceTokens } from "@/lib/operator/service-tokens";

export const metadata: Metadata = { title: "Service tokens" };

export default async function ServiceTokensPage() {
  const { actor } = await requireOperatorPage();
  const now = new Date();
  const tokens = await listServiceTokens(actor, now);
  return (
    <div>
      <PageHeader
        title="Service tokens"
        description="Your backend calls /api/v1 (verify keys, report usage) with one of these. Partners' keys cannot call it."
        actions={<CreateServiceTokenDialog />}
      />
      {tokens.length > 0 ? (
        <ServiceTokensTable tokens={tokens} now={now} />
      ) : (
        <EmptyState
          icon={KeySquare}
          title="No service tokens yet"
          description="Create one for each system that verifies keys or reports usage, so you can revoke one without touching the others."
        />
      )}
    </div>
  );
}
