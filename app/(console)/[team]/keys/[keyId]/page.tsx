import type { Metadata } from "next";
import { KeyUsageView } from "@/components/usage/key-usage-view";
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
  const usage = await orNotFound(getKeyUsage(await pageActor(user), { teamId: team.id, keyId, range }));
  return <KeyUsageView teamSlug={team.slug} initial={usage} initialRange={range} apiBase={apiBase()} />;
}
