import type { Metadata } from "next";
import { MaskedKey } from "@/components/keys/key-badges";
import { GatewayCard } from "@/components/keys/gateway-snippet";
import { LeakedKeyNotice } from "@/components/keys/leaked-key-notice";
import { KeyPolicyCard } from "@/components/policy/key-policy-card";
import { KeyUsageView } from "@/components/usage/key-usage-view";
import { gatewayBaseUrl } from "@/lib/keys/gateway-info";
import { snippetModel } from "@/lib/keys/gateway-snippet";
import { getApiKey } from "@/lib/keys/queries";
import { getKeyPolicy } from "@/lib/policy/key-policy";
import { orNotFound, pageActor, requireTeamPage } from "@/lib/teams/team-page";
import { rangeFromParam } from "@/lib/usage/buckets";
import { getKeyUsage } from "@/lib/usage/query";
import { hasTraffic } from "@/lib/usage/series";

export const metadata: Metadata = { title: "Key usage" };

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
  const [usage, policy, summary] = await Promise.all([
    orNotFound(getKeyUsage(actor, { teamId: team.id, keyId, range })),
    orNotFound(getKeyPolicy(actor, { teamId: team.id, keyId })),
    orNotFound(getApiKey(actor, team.id, keyId)),
  ]);
  const { allowedModels } = policy.policy;
  // A revoked or expired key has nothing left to call; a key still being rotated out does.
  const callable = usage.key.status !== "revoked" && usage.key.status !== "expired";
  const gateway = callable ? (
    <GatewayCard
      baseUrl={gatewayBaseUrl()}
      model={snippetModel(allowedModels, policy.models)}
      restricted={allowedModels !== null}
      // Open until the key's first request; the same condition as the usage view's empty state.
      prominent={!usage.key.lastUsedAt && !hasTraffic(usage.series)}
      keyHint={
        <>
          set it to this key&apos;s secret (<MaskedKey prefix={usage.key.prefix} last4={usage.key.last4} />), shown once when the key was created
        </>
      }
    />
  ) : null;
  return (
    <>
      <KeyUsageView
        teamSlug={team.slug}
        initial={usage}
        initialRange={range}
        apiBase={gatewayBaseUrl()}
        // Under the header: a leaked key (revoked, so no gateway card) says where it was found.
        gateway={summary.leakedAt ? <LeakedKeyNotice leak={summary} /> : gateway}
      />
      <section aria-label="Policy" className="mt-6">
        <KeyPolicyCard teamId={team.id} keyName={usage.key.name} view={policy} />
      </section>
    </>
  );
}
