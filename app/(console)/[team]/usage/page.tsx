import type { Metadata } from "next";
import { TeamUsageView } from "@/components/usage/team-usage-view";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";
import { rangeFromParam } from "@/lib/usage/buckets";
import { getTeamUsage } from "@/lib/usage/query";

export const metadata: Metadata = { title: "Usage" };

export default async function TeamUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ team: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
}) {
  const [{ team: slug }, query] = await Promise.all([params, searchParams]);
  const { team, user } = await requireTeamPage(slug);
  const range = rangeFromParam(query.range);
  const usage = await getTeamUsage(await pageActor(user), { teamId: team.id, range });
  return <TeamUsageView initial={usage} initialRange={range} />;
}
