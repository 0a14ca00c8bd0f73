import { z } from "zod";
import type { Actor } from "../actor";
import { currentRequestMeta, requireUser } from "../auth/session";
import { AppError, GENERIC_ERROR_MESSAGE, isAppError, type ErrorCode } from "../errors";

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

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

export function failure(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof z.ZodError) {
    const fieldErrors = fieldErrorsOf(error);
    return { ok: false, code: "INVALID", error: Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors };
  }
  if (isAppError(error)) {
    return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
  }
  console.error("[action] unexpected error", error);
  return { ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE };
}

/**
 * Builds a server action body: authenticates, validates with zod, runs the
 * handler with the actor, and turns errors into a result the form can show.
 * Permission checks live in the lib/ functions the handler calls, so they
 * hold no matter who calls them.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.infer<S>, actor: Actor) => Promise<T | { data: T; message: string }>,
) {
  return async (input: ActionInput): Promise<ActionResult<T>> => {
    try {
      const user = await requireUser();
      const parsed = schema.safeParse(toObject(input));
      if (!parsed.success) return failure(parsed.error) as ActionResult<T>;
      const meta = await currentRequestMeta();
      const out = await handler(parsed.data, { userId: user.id, email: user.email, ...meta });
      if (out && typeof out === "object" && "message" in out && "data" in out) {
        return { ok: true, data: out.data, message: out.message };
      }
      return { ok: true, data: out as T };
    } catch (error) {
      return failure(error) as ActionResult<T>;
    }
  };
}

export { AppError };
