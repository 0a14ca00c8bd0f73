import type { Metadata } from "next";
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { GatewayCard } from "@/components/keys/gateway-snippet";
import { CreateKeyButton, KeyDialogsProvider } from "@/components/keys/key-dialogs";
import { KeyFilters } from "@/components/keys/key-filters";
import { KeysTable } from "@/components/keys/keys-table";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { defaultSnippetModel, gatewayBaseUrl } from "@/lib/keys/gateway-info";
import { listApiKeys } from "@/lib/keys/queries";
import { keyFiltersSchema } from "@/lib/keys/schemas";
import { can } from "@/lib/permissions";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";

export const metadata: Metadata = { title: "API keys" };

type Props = {
  params: Promise<{ team: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function KeysPage({ params, searchParams }: Props) {
  const { team: slug } = await params;
  const query = await searchParams;
  const { team, role, user } = await requireTeamPage(slug);
  const filters = keyFiltersSchema.parse({ environment: query.environment, status: query.status });
  const filtered = !!(filters.environment || filters.status);
  const [keys, model] = await Promise.all([listApiKeys(await pageActor(user), team.id, filters), defaultSnippetModel()]);
  const gateway = { baseUrl: gatewayBaseUrl(), model };
  const canCreate = can(role, "keys.create");
  const now = new Date();

  return (
    // The provider sits above the empty-state/table switch: the dialogs (and a new key's
    // one-time secret) must survive the first key replacing the empty state with the table.
    <KeyDialogsProvider teamId={team.id} gateway={gateway}>
      <PageHeader
        title="API keys"
        description={
          canCreate
            ? "Keys let your backend call the API. Secrets are shown once, at creation; only a hash is stored."
            : "Keys let your backend call the API. Your role can view them; creating, rotating and revoking keys needs a developer or admin."
        }
        actions={canCreate ? <CreateKeyButton /> : undefined}
      />

      {keys.length === 0 && !filtered ? (
        <EmptyState
          icon={KeyRound}
          title="No API keys yet"
          description={
            canCreate
              ? "Create a key for each service that calls the API, one per environment."
              : "A developer or admin of this team can create one."
          }
          action={canCreate ? <CreateKeyButton label="Create your first key" /> : undefined}
        />
      ) : (
        <div className="grid gap-4">
          <KeyFilters />
          {keys.length === 0 ? (
            <EmptyState
              icon={KeyRound}
              title="No keys match these filters"
              description="Try another environment or status."
              action={
                <Link href={`/${team.slug}/keys`} className={buttonVariants({ variant: "outline" })}>
                  Clear filters
                </Link>
              }
            />
          ) : (
            <KeysTable keys={keys} teamSlug={team.slug} role={role} userId={user.id} now={now} />
          )}
        </div>
      )}

      <div className="mt-6">
        <GatewayCard variant="list" prominent={false} restricted={false} {...gateway} />
      </div>
    </KeyDialogsProvider>
  );
}
