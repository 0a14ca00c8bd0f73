import type { z } from "zod";
import { AppError } from "../errors";

/** Parses service input; failures become INVALID with a message per field, like the forms show. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  throw new AppError("INVALID", Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors);
}

/** The team id of an input, read before full validation so the permission check can come first. */
export function teamIdOf(input: unknown): string {
  const teamId = (input as { teamId?: unknown } | null | undefined)?.teamId;
  return typeof teamId === "string" ? teamId : "";
}
