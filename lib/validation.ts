/**
 * The zod building blocks every schema is made of (forms, server actions,
 * services, routes), and the one mapping from a zod error to field errors.
 * Safe to import from client components: no server code here.
 *
 * Why text is checked this strictly: names, team names and messages end up in
 * the server log, in email text and in the audit log, where a line break or
 * another control character can forge a line that looks like our own. A lone
 * UTF-16 surrogate (half of an emoji) cannot be encoded as UTF-8, and the
 * database driver fails on it, so it must be refused before any query.
 */
import { z } from "zod";
import { AppError } from "./errors";

/** With the `u` flag, `\p{Cs}` matches only unpaired surrogates: a whole emoji is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * C0 and C1 controls (tab, line breaks, escape, NUL…), DEL, the Unicode line and
 * paragraph separators, and the bidirectional embedding, override and isolate
 * controls, which make text display in an order other than the one stored
 * ("Trojan source"). Zero-width joiners and the LRM/RLM marks stay allowed:
 * emoji sequences and right-to-left names need them.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const LONE_SURROGATE_MESSAGE = "Contains a broken character (perhaps half of an emoji). Retype it and try again.";
export const CONTROL_CHARACTER_MESSAGE = "Remove line breaks, tabs and other special characters.";
export const MULTILINE_CONTROL_MESSAGE = "Remove tabs and other special characters (line breaks are fine).";

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export function hasControlCharacters(text: string, { allowNewlines = false } = {}): boolean {
  return (allowNewlines ? CONTROL_BUT_NEWLINE : CONTROL).test(text);
}

type TextOptions = {
  /** Upper bound in UTF-16 code units, like the database and the inputs' maxLength count. */
  max: number;
  maxMessage: string;
  /** Leave out for optional text (the empty string is allowed). */
  min?: number;
  minMessage?: string;
};

function bounded(schema: z.ZodString, { max, maxMessage, min, minMessage }: TextOptions): z.ZodString {
  const sized = min ? schema.min(min, minMessage ?? `Use at least ${min} characters.`) : schema;
  return sized.max(max, maxMessage);
}

/**
 * Text that must stay on one line (names, titles, labels): trimmed, no control
 * characters, no lone surrogates, length-bounded.
 */
export function singleLineText(options: TextOptions): z.ZodString {
  const base = z
    .string({ error: options.minMessage ?? "Enter some text." })
    .trim()
    .refine((s) => !hasLoneSurrogate(s), { message: LONE_SURROGATE_MESSAGE, abort: true })
    .refine((s) => !hasControlCharacters(s), { message: CONTROL_CHARACTER_MESSAGE, abort: true });
  return bounded(base, options);
}

/**
 * Text that may span lines (descriptions, personal messages): line breaks are
 * kept, as `\n` (browsers send `\r\n` from a textarea), and every other control
 * character is refused. Trimmed and length-bounded like single-line text.
 */
export function multiLineText(options: TextOptions): z.ZodString {
  const base = z
    .string({ error: options.minMessage ?? "Enter some text." })
    .overwrite((s) => s.replace(/\r\n?/g, "\n"))
    .trim()
    .refine((s) => !hasLoneSurrogate(s), { message: LONE_SURROGATE_MESSAGE, abort: true })
    .refine((s) => !hasControlCharacters(s, { allowNewlines: true }), { message: MULTILINE_CONTROL_MESSAGE, abort: true });
  return bounded(base, options);
}

/** Every id we issue (Prisma cuids) fits this; anything else cannot name a row. */
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const ID_MAX = 64;

/** The id of a team, member, invitation, key… `what` names it in the message ("Missing team."). */
export function idSchema(what: string) {
  return z
    .string({ error: `Missing ${what}.` })
    .trim()
    .min(1, `Missing ${what}.`)
    .max(ID_MAX, `Unknown ${what}.`)
    .regex(ID_PATTERN, `Unknown ${what}.`);
}

/**
 * The team id of an input, read before full validation so the permission check
 * can come first (a stranger learns nothing, not even which fields are wrong).
 * Anything that is not a well-formed id becomes "", which no team has: the
 * caller is told "not found" and the database never sees the value.
 */
export function teamIdOf(input: unknown): string {
  const parsed = idSchema("team").safeParse((input as { teamId?: unknown } | null | undefined)?.teamId);
  return parsed.success ? parsed.data : "";
}

/** One message per field (the first issue on it), keyed by its path ("_" for the whole input). */
export function fieldErrorsOf(error: z.core.$ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** A zod failure as the application error users see: INVALID, the first message, and a message per field. */
export function invalidInput(error: z.core.$ZodError): AppError {
  const fieldErrors = fieldErrorsOf(error);
  return new AppError("INVALID", Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors);
}

/** Parses service input; a failure throws INVALID with field errors (never a bare ZodError). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

/**
 * The user-facing form of an error, where there is one: an AppError as is, a
 * zod error as INVALID. Anything else is internal (null): log it, show the
 * generic message. Every boundary (action, route, page) uses this.
 */
export function userFacingError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.core.$ZodError) return invalidInput(error);
  return null;
}
