/**
 * The shared shell of the console's usage routes (GET, read by TanStack
 * Query): session, team membership by slug, `?range=` validation and one
 * JSON error shape `{ error: { code, message, fieldErrors? } }`.
 */
import type { Actor } from "../actor";
import { getCurrentUser } from "../auth/session";
import type { SessionUser } from "../auth/users";
import { GENERIC_ERROR_MESSAGE, type ErrorCode } from "../errors";
import { requestMetaFrom } from "../request-meta";
import { getTeamForMember } from "../teams/queries";
import { parseInput, userFacingError } from "../validation";
import type { UsageRange } from "./buckets";
import { rangeQuerySchema } from "./query-schemas";

export type UsageRouteContext = {
  actor: Actor;
  team: { id: string; slug: string; name: string };
  range: UsageRange;
};

export function jsonError(status: number, code: ErrorCode, message: string, fieldErrors?: Record<string, string>): Response {
  return Response.json(
    { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/**
 * Runs a usage route. Whatever `run` throws is answered in the JSON error
 * shape: an AppError with its status, a zod error (validation inside a
 * service) as 400 with field errors, anything else as a logged 500 that says
 * nothing about the cause. `currentUser` is the session unless a test passes
 * another.
 */
export async function usageRoute(
  request: Request,
  slug: string,
  run: (ctx: UsageRouteContext) => Promise<Response>,
  currentUser: () => Promise<SessionUser | null> = getCurrentUser,
): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user) return jsonError(401, "UNAUTHENTICATED", "Sign in to see usage.");

    const query = new URL(request.url).searchParams;
    const { range } = parseInput(rangeQuerySchema, { range: query.get("range") ?? undefined });

    const { team } = await getTeamForMember(user.id, slug);
    const actor: Actor = { userId: user.id, email: user.email, ...requestMetaFrom((name) => request.headers.get(name)) };
    const response = await run({ actor, team: { id: team.id, slug: team.slug, name: team.name }, range });
    response.headers.set("cache-control", "no-store");
    return response;
  } catch (error) {
    const known = userFacingError(error);
    if (known) return jsonError(known.status, known.code, known.message, known.fieldErrors);
    console.error("[usage route] unexpected error", error);
    return jsonError(500, "INTERNAL", GENERIC_ERROR_MESSAGE);
  }
}

