/**
 * The shell of the console's webhook routes (GET, polled by TanStack Query on the endpoint
 * page): session, team membership by slug, and the console's JSON error shape. The
 * services check `webhooks.manage` themselves.
 */
import type { Actor } from "../actor";
import { getCurrentUser } from "../auth/session";
import type { SessionUser } from "../auth/users";
import { GENERIC_ERROR_MESSAGE } from "../errors";
import { requestMetaFrom } from "../request-meta";
import { getTeamForMember } from "../teams/queries";
import { jsonError } from "../usage/query-route";
import { userFacingError } from "../validation";

export async function webhookRoute(
  request: Request,
  slug: string,
  run: (ctx: { actor: Actor; teamId: string; query: URLSearchParams }) => Promise<unknown>,
  currentUser: () => Promise<SessionUser | null> = getCurrentUser,
): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user) return jsonError(401, "UNAUTHENTICATED", "Sign in to see webhook deliveries.");
    const { team } = await getTeamForMember(user.id, slug);
    const actor: Actor = { userId: user.id, email: user.email, ...requestMetaFrom((name) => request.headers.get(name)) };
    const body = await run({ actor, teamId: team.id, query: new URL(request.url).searchParams });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const known = userFacingError(error);
    if (known) return jsonError(known.status, known.code, known.message, known.fieldErrors);
    console.error("[webhook route] unexpected error", error);
    return jsonError(500, "INTERNAL", GENERIC_ERROR_MESSAGE);
  }
}
