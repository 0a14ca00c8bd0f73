import { teamUsageCsv, usageCsvFilename } from "@/lib/usage/csv";
import { teamUsageWithRows } from "@/lib/usage/query";
import { usageRoute } from "@/lib/usage/query-route";

export const dynamic = "force-dynamic";

/** GET ?range=24h|7d|30d: the dashboard's numbers, per bucket × key × model, as a CSV download. */
export async function GET(request: Request, { params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  return usageRoute(request, slug, async ({ actor, team, range }) => {
    const { usage, rows, catalogue } = await teamUsageWithRows(actor, { teamId: team.id, range });
    return new Response(teamUsageCsv(usage, rows, catalogue), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${usageCsvFilename(team.slug, range)}"`,
      },
    });
  });
}
