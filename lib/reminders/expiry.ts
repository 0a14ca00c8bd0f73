/**
 * Expiry reminders: 7 days and 1 day before a key expires, an email to the team's
 * owners and admins and the key's creator (lib/keys/key-recipients.ts), and the
 * `api_key.expiring_soon` webhook event; each once per key.
 *
 * - Claimed by a conditional update (`reminder7dSentAt` / `reminder1dSentAt` still
 *   null) in the same transaction that queues the webhook event, so replicas (or two
 *   runs) racing for a key send it once, and the event exists exactly when the claim does.
 * - A reminder whose moment lies before the key was created is skipped: a key made 3
 *   days before its expiry gets only the 1-day reminder, one made 12 hours before none.
 * - At most one reminder per key per run: a key found inside the last day (the server
 *   was down through its 7-day moment) gets only the 1-day one.
 * - Only live keys: not revoked, not inside a rotation's overlap (its end is set by the
 *   rotation, nobody needs reminding), not expired, with an expiry.
 * - The email is sent after the claim commits, with two retries a few seconds apart
 *   (lib/email/send-with-retries.ts). An email that still fails is logged and counted
 *   (gatehouse_emails_total{kind="expiry_reminder",result="failed"}) and not sent again;
 *   the webhook event is delivered regardless.
 *
 * The maintenance scheduler runs it every EXPIRY_REMINDER_INTERVAL_MS (5 minutes).
 */
import { apiKeyObject } from "../admin-api/api-key-objects";
import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { renderExpiryReminderEmail } from "../email/key-emails";
import { DEFAULT_RETRY_PAUSES_MS, sendWithRetries } from "../email/send-with-retries";
import { keyRecipients } from "../keys/key-recipients";
import { intFromEnv } from "../limits/env";
import { enqueueWebhookEvent } from "../webhooks/outbox";

const DAY = 24 * 60 * 60 * 1000;
export const DEFAULT_EXPIRY_REMINDER_INTERVAL_MS = 5 * 60_000;

/** EXPIRY_REMINDER_INTERVAL_MS; a malformed value stops the start (ConfigError). */
export function expiryReminderIntervalFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return intFromEnv(env, "EXPIRY_REMINDER_INTERVAL_MS", DEFAULT_EXPIRY_REMINDER_INTERVAL_MS);
}

export type DaysLeft = 7 | 1;
type ReminderState = { createdAt: Date; expiresAt: Date | null; reminder7dSentAt: Date | null; reminder1dSentAt: Date | null };

/** The reminder `key` is due at `now`, or null. */
export function dueReminder(key: ReminderState, now: Date): DaysLeft | null {
  if (!key.expiresAt) return null;
  const left = key.expiresAt.getTime() - now.getTime();
  if (left <= 0 || left > 7 * DAY) return null;
  const daysLeft: DaysLeft = left <= DAY ? 1 : 7;
  if ((daysLeft === 1 ? key.reminder1dSentAt : key.reminder7dSentAt) !== null) return null;
  if (key.createdAt.getTime() > key.expiresAt.getTime() - daysLeft * DAY) return null;
  return daysLeft;
}

const keySelect = {
  id: true, teamId: true, name: true, environment: true, prefix: true, last4: true, createdAt: true, expiresAt: true,
  revokedAt: true, lastUsedAt: true, rotatedToId: true, createdById: true, createdByAdminKeyId: true, allowedModels: true,
  rpmLimit: true, tpmLimit: true, budgetMicros: true, ipAllowlist: true, reminder7dSentAt: true, reminder1dSentAt: true,
  team: { select: { name: true, slug: true } },
} as const;

export type ExpiryReminderReport = { claimed: number; sent: number; failed: number };
export type ExpiryReminderOptions = { log?: Pick<Console, "log" | "error">; retryPausesMs?: readonly number[] };

export async function sendExpiryReminders(now = new Date(), options: ExpiryReminderOptions = {}): Promise<ExpiryReminderReport> {
  const { log = console, retryPausesMs = DEFAULT_RETRY_PAUSES_MS } = options;
  const report: ExpiryReminderReport = { claimed: 0, sent: 0, failed: 0 };
  const oneDay = new Date(now.getTime() + DAY);
  const candidates = await db.apiKey.findMany({
    where: {
      revokedAt: null,
      expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * DAY) },
      OR: [{ reminder1dSentAt: null, expiresAt: { lte: oneDay } }, { reminder7dSentAt: null, expiresAt: { gt: oneDay } }],
    },
    select: keySelect,
    orderBy: { expiresAt: "asc" },
  });

  for (const key of candidates) {
    const daysLeft = dueReminder(key, now);
    if (daysLeft === null || !key.expiresAt) continue;
    const column = daysLeft === 1 ? "reminder1dSentAt" : "reminder7dSentAt";
    const claimed = await db.$transaction(async (tx) => {
      const { count } = await tx.apiKey.updateMany({
        where: { id: key.id, revokedAt: null, expiresAt: key.expiresAt, [column]: null },
        data: { [column]: now },
      });
      if (count !== 1) return false;
      await enqueueWebhookEvent(
        tx,
        key.teamId,
        "api_key.expiring_soon",
        { ...apiKeyObject(key, now), days_left: daysLeft, expires_at: key.expiresAt!.toISOString() },
        { now },
      );
      return true;
    });
    if (!claimed) continue;
    report.claimed++;

    const to = await keyRecipients(db, key.teamId, key.createdById);
    const label = `the ${daysLeft}-day expiry reminder of key ${key.id} (team ${key.team.slug})`;
    if (to.length === 0) {
      log.error(`[reminders] nobody to send ${label} to: the team has no owner or admin`);
      continue;
    }
    const keyUrl = `${appBaseUrl()}/${encodeURIComponent(key.team.slug)}/keys/${encodeURIComponent(key.id)}`;
    const email = renderExpiryReminderEmail({ teamName: key.team.name, key, expiresAt: key.expiresAt, now, keyUrl });
    const outcome = await sendWithRetries("expiry_reminder", { to: to.join(", "), ...email }, retryPausesMs);
    if (outcome.sent) report.sent++;
    else {
      report.failed++;
      log.error(`[reminders] could not email ${label} after ${outcome.attempts} attempts; it is not sent again: ${outcome.error}`);
    }
  }
  return report;
}

/** The scheduler's log line, or null when the run did nothing worth saying. */
export function describeExpiryReminderRun(r: ExpiryReminderReport): string | null {
  if (!r.claimed) return null;
  return `expiry reminders: ${r.claimed} due, ${r.sent} email(s) sent${r.failed ? `, ${r.failed} failed` : ""}`;
}
