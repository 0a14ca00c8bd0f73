import { getKeyUsage } from "@/lib/usage/query";
import { usageRoute } from "@/lib/usage/query-route";

export const dynamic = "force-dynamic";

/** GET ?range=24h|7d|30d: one key's usage (the key page polls this). */
export async function GET(request: Request, { params }: { params: Promise<{ team: string; keyId: string }> }) {
  const { team: slug, keyId } = await params;
  return usageRoute(request, slug, async ({ actor, team, range }) =>
    Response.json(await getKeyUsage(actor, { teamId: team.id, keyId, range })),
  );
}
