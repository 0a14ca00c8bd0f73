/** What POST /api/v1/usage accepts. Shared by the route, its tests and the traffic generator. */
import { z } from "zod";
import { MAX_LATENCY_MS, MAX_MODEL_LENGTH, MAX_TOKENS_PER_EVENT } from "../usage/events";
import { singleLineText } from "../validation";

export const MAX_EVENTS_PER_REPORT = 1000;
export const MAX_PAST_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_FUTURE_MS = 5 * 60 * 1000;

const timestamp = z.union([
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
  z.number().int().positive(),
]);

// Bounded per event so that, with the team token quota, no stored total can pass 2^53.
const tokens = z
  .number()
  .int()
  .min(0)
  .max(MAX_TOKENS_PER_EVENT, `At most ${MAX_TOKENS_PER_EVENT.toLocaleString("en-US")} tokens per event.`)
  .optional();

// A key is named by its id (as the verify answer gives it) or by the secret itself.
const keyId = z.string().min(1, "A key id cannot be empty.").max(100, "Not a key id.").regex(/^[A-Za-z0-9_-]+$/, "Not a key id.");
const keySecret = z.string().min(1, "A key cannot be empty.").max(200, "Not a key.");

export const reportedEventSchema = z.strictObject({
  keyId: keyId.optional(),
  key: keySecret.optional(),
  status: z.number().int().min(100).max(599),
  latencyMs: z.number().min(0).max(MAX_LATENCY_MS),
  // Shown in charts and the CSV export: one line, no control characters or broken characters.
  model: singleLineText({
    min: 1,
    minMessage: "A model name cannot be empty.",
    max: MAX_MODEL_LENGTH,
    maxMessage: `At most ${MAX_MODEL_LENGTH} characters.`,
  }).optional(),
  inputTokens: tokens,
  outputTokens: tokens,
  cacheWriteTokens: tokens,
  cacheReadTokens: tokens,
  // The reservation a verify call with estimatedTokens answered: settles the difference.
  reservation: z.string().max(500, "Not a reservation id.").optional(),
  timestamp: timestamp.optional(),
});

export type ReportedEvent = z.input<typeof reportedEventSchema>;

/** `{ events: [...] }` or one bare event; `now` bounds timestamps (30 days back, 5 minutes ahead). */
export function usageReportSchema(now: number) {
  const event = reportedEventSchema.superRefine((e, ctx) => {
    if (e.timestamp === undefined) return;
    if (e.timestamp < now - MAX_PAST_MS) ctx.addIssue({ code: "custom", path: ["timestamp"], message: "Timestamp is more than 30 days in the past." });
    if (e.timestamp > now + MAX_FUTURE_MS) ctx.addIssue({ code: "custom", path: ["timestamp"], message: "Timestamp is more than 5 minutes in the future." });
  });
  return z.strictObject({
    keyId: keyId.optional(),
    key: keySecret.optional(),
    events: z.array(event).min(1, "Send at least one event.").max(MAX_EVENTS_PER_REPORT, `Send at most ${MAX_EVENTS_PER_REPORT} events per call.`),
  });
}

/** A bare event object is wrapped, so both shapes share one schema and one error format. */
export function normalizeReportBody(body: unknown): unknown {
  if (typeof body === "object" && body !== null && !Array.isArray(body) && !("events" in body)) return { events: [body] };
  return body;
}

/** Which key an event is for: its own keyId/key, else the report's. */
export function keyRefOf(event: { keyId?: string; key?: string }, report: { keyId?: string; key?: string }): { keyId: string } | { key: string } | null {
  if (event.keyId !== undefined) return { keyId: event.keyId };
  if (event.key !== undefined) return { key: event.key };
  if (report.keyId !== undefined) return { keyId: report.keyId };
  if (report.key !== undefined) return { key: report.key };
  return null;
}

/** Flattens zod issues to `[{ path: "events.3.status", message }]` for the 400 body. */
export function issueDetails(error: z.ZodError, wrapped: boolean): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = wrapped ? issue.path.slice(2) : issue.path;
    return { path: path.join("."), message: issue.message };
  });
}
