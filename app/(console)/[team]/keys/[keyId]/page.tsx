import type { Metadata } from "next";
import { KeyPolicyCard } from "@/components/policy/key-policy-card";
import { KeyUsageView } from "@/components/usage/key-usage-view";
import { getKeyPolicy } from "@/lib/policy/key-policy";
import { orNotFound, pageActor, requireTeamPage } from "@/lib/teams/team-page";
import { rangeFromParam } from "@/lib/usage/buckets";
import { getKeyUsage } from "@/lib/usage/query";

export const metadata: Metadata = { title: "Key usage" };

/** Where the provider's backend reaches Gatehouse, for the curl example. */
function apiBase(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/\/+$/, "");
}

export default async function KeyUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ team: string; keyId: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
}) {
  const [{ team: slug, keyId }, query] = await Promise.all([params, searchParams]);
  const { team, user } = await requireTeamPage(slug);
  const range = rangeFromParam(query.range);
  const actor = await pageActor(user);
  const [usage, policy] = await Promise.all([
    orNotFound(getKeyUsage(actor, { teamId: team.id, keyId, range })),
    orNotFound(getKeyPolicy(actor, { teamId: team.id, keyId })),
  ]);
  return (
    <>
      <KeyUsageView teamSlug={team.slug} initial={usage} initialRange={range} apiBase={apiBase()} />
      <section aria-label="Policy" className="mt-6">
        <KeyPolicyCard teamId={team.id} keyName={usage.key.name} view={policy} />
      </section>
    </>
  );
}
