import { getTeamUsage } from "@/lib/usage/query";
import { usageRoute } from "@/lib/usage/query-route";

export const dynamic = "force-dynamic";

/** GET ?range=24h|7d|30d: the team usage dashboard's data. */
export async function GET(request: Request, { params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  return usageRoute(request, slug, async ({ actor, team, range }) =>
    Response.json(await getTeamUsage(actor, { teamId: team.id, range })),
  );
}
