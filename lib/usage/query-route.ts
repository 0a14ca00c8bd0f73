/**
 * The shared shell of the console's usage routes (GET, read by TanStack
 * Query): session, team membership by slug, `?range=` validation and one
 * JSON error shape `{ error: { code, message, fieldErrors? } }`.
 */
import type { Actor } from "../actor";
import { getCurrentUser } from "../auth/session";
import { GENERIC_ERROR_MESSAGE, isAppError, type ErrorCode } from "../errors";
import { requestMetaFrom } from "../request-meta";
import { getTeamForMember } from "../teams/queries";
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

export async function usageRoute(
  request: Request,
  slug: string,
  run: (ctx: UsageRouteContext) => Promise<Response>,
): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) return jsonError(401, "UNAUTHENTICATED", "Sign in to see usage.");

    const query = new URL(request.url).searchParams;
    const parsed = rangeQuerySchema.safeParse({ range: query.get("range") ?? undefined });
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Invalid range.";
      return jsonError(400, "INVALID", message, { range: message });
    }

    const { team } = await getTeamForMember(user.id, slug);
    const actor: Actor = { userId: user.id, email: user.email, ...requestMetaFrom((name) => request.headers.get(name)) };
    const response = await run({ actor, team: { id: team.id, slug: team.slug, name: team.name }, range: parsed.data.range });
    response.headers.set("cache-control", "no-store");
    return response;
  } catch (error) {
    if (isAppError(error)) return jsonError(error.status, error.code, error.message, error.fieldErrors);
    console.error("[usage route] unexpected error", error);
    return jsonError(500, "INTERNAL", GENERIC_ERROR_MESSAGE);
  }
}

