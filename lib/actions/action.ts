import type { z } from "zod";
import type { Actor } from "../actor";
import { currentRequestMeta, requireUser } from "../auth/session";
import { AppError, GENERIC_ERROR_MESSAGE, type ErrorCode } from "../errors";
import { fieldErrorsOf, userFacingError } from "../validation";

export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: ErrorCode; error: string; fieldErrors?: Record<string, string> };

export type ActionInput = FormData | Record<string, unknown>;

function toObject(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return input ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of input.entries()) if (typeof value === "string") out[key] = value;
  return out;
}

/**
 * The result a form shows for a thrown error. Only AppError messages (and zod
 * field errors) reach the user; anything else, a database error with its SQL
 * for instance, is logged here and replaced by the generic message.
 */
export function failure(error: unknown): Extract<ActionResult, { ok: false }> {
  const known = userFacingError(error);
  if (known) return { ok: false, code: known.code, error: known.message, fieldErrors: known.fieldErrors };
  console.error("[action] unexpected error", error);
  return { ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE };
}

/** Who is calling: the signed-in user (re-read from the database) and where the request came from. */
export type ActorSource = () => Promise<Actor>;

export async function sessionActor(): Promise<Actor> {
  const user = await requireUser();
  return { userId: user.id, email: user.email, ...(await currentRequestMeta()) };
}

/**
 * Builds a server action body: authenticates, validates with zod, runs the
 * handler with the actor, and turns errors into a result the form can show.
 * Permission checks live in the lib/ functions the handler calls, so they
 * hold no matter who calls them. `actorOf` is the session unless a test
 * passes another source.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.infer<S>, actor: Actor) => Promise<T | { data: T; message: string }>,
  actorOf: ActorSource = sessionActor,
) {
  return async (input: ActionInput): Promise<ActionResult<T>> => {
    try {
      const actor = await actorOf();
      const parsed = schema.safeParse(toObject(input));
      if (!parsed.success) return failure(parsed.error) as ActionResult<T>;
      const out = await handler(parsed.data, actor);
      if (out && typeof out === "object" && "message" in out && "data" in out) {
        return { ok: true, data: out.data, message: out.message };
      }
      return { ok: true, data: out as T };
    } catch (error) {
      return failure(error) as ActionResult<T>;
    }
  };
}

export { AppError, fieldErrorsOf };
