/**
 * Leaked keys (POST /api/v1/keys/leaked): a secret scanner reports strings it found
 * in public; every one that is a live key of this install is revoked at once.
 *
 * - A string that is not a well-formed key (lib/keys/format.ts: prefix, length,
 *   checksum) is a false positive without a lookup; a well-formed one no key hashes to
 *   (another install's) is one too.
 * - A key that still works (active, expiring, or the old secret inside a rotation's
 *   overlap, which is cut short) is revoked in its own transaction: revokedAt and
 *   leakedAt now, where it was found, audited `key.leaked` by the reporter (which also
 *   queues the `api_key.leaked` webhook event); caches drop it after the commit.
 * - A key already revoked or expired is a true positive with nothing to do: no second
 *   email. Two reports racing for one key revoke it once (conditional update).
 * - The team's owners and admins and the key's creator are emailed by `notifyLeaks`,
 *   which the route runs after answering, so the scanner is not kept waiting on SMTP.
 */
import { systemActor } from "../actor";
import type { LeakedReport, LeakedAnswer } from "../api/leaked-schema";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { renderKeyLeakedEmail } from "../email/key-emails";
import { DEFAULT_RETRY_PAUSES_MS, sendWithRetries } from "../email/send-with-retries";
import type { RequestMeta } from "../request-meta";
import { lockApiKey } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { keyLabel } from "./create";
import { hashKey, parseKey } from "./format";
import { keyRecipients } from "./key-recipients";
import { keyWorks } from "./status";

/** Who reported: shown as the audit entry's actor and in the email. */
export type LeakReporter = { name: string } & RequestMeta;
export const GITHUB_REPORTER = "GitHub secret scanning";
export const SERVICE_TOKEN_REPORTER = "Leaked-key report";

export type RevokedLeak = {
  keyId: string;
  teamId: string;
  createdById: string | null;
  name: string;
  prefix: string;
  last4: string;
  environment: string;
  url: string;
  source: string;
  revokedAt: Date;
};

const keySelect = {
  id: true, teamId: true, name: true, prefix: true, last4: true, environment: true, hash: true,
  createdById: true, expiresAt: true, revokedAt: true,
} as const;

/** Scanner text as stored and shown: no control characters (PostgreSQL refuses NUL in text) or lone surrogates (no UTF-8 for them), bounded. */
const oneLine = (text: string, max: number) => text.replace(/[\u0000-\u001f\u007f]|\p{Cs}/gu, "").slice(0, max);

export async function revokeLeakedKeys(report: LeakedReport, reporter: LeakReporter, now = new Date()): Promise<{ answer: LeakedAnswer; revoked: RevokedLeak[] }> {
  const hashes = report.map((item) => (parseKey(item.token) ? hashKey(item.token) : null));
  const wanted = [...new Set(hashes.filter((h): h is string => h !== null))];
  const keys = new Map((wanted.length ? await db.apiKey.findMany({ where: { hash: { in: wanted } }, select: keySelect }) : []).map((k) => [k.hash, k]));

  const actor = systemActor(reporter.name, { ip: reporter.ip, userAgent: reporter.userAgent });
  const revoked: RevokedLeak[] = [];
  const handled = new Set<string>();
  for (const [i, item] of report.entries()) {
    const key = hashes[i] ? keys.get(hashes[i]) : undefined;
    if (!key || handled.has(key.id) || !keyWorks(key, now)) continue;
    handled.add(key.id);
    const url = oneLine(item.url, 2000);
    const source = oneLine(item.source ?? "", 200);
    const won = await db.$transaction(async (tx) => {
      await lockApiKey(tx, key.teamId, key.id);
      const { count } = await tx.apiKey.updateMany({
        where: { id: key.id, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
        data: { revokedAt: now, leakedAt: now, leakUrl: url, leakSource: source },
      });
      if (count !== 1) return false;
      await recordAudit(tx, actor, {
        teamId: key.teamId,
        action: "key.leaked",
        targetType: "key",
        targetId: key.id,
        targetLabel: keyLabel(key),
        metadata: {
          name: key.name,
          environment: key.environment,
          url,
          source,
          type: oneLine(item.type, 200),
          reporter: reporter.name,
          ...(key.revokedAt ? { cutRotationShort: true, previousRevokedAt: key.revokedAt.toISOString() } : {}),
        },
      });
      return true;
    });
    if (won) revoked.push({ keyId: key.id, teamId: key.teamId, createdById: key.createdById, name: key.name, prefix: key.prefix, last4: key.last4, environment: key.environment, url, source, revokedAt: now });
  }
  // After the commits: a process that caches key lookups forgets these keys before we answer.
  if (revoked.length) announceKeyChange({ keyIds: revoked.map((r) => r.keyId) });

  const answer = report.map((item, i) => ({
    token_raw: item.token,
    token_type: item.type,
    label: hashes[i] && keys.has(hashes[i]) ? ("true_positive" as const) : ("false_positive" as const),
  }));
  return { answer, revoked };
}

/** Emails each revoked key's team (owners, admins, the key's creator); failures are logged and counted. */
export async function notifyLeaks(
  revoked: readonly RevokedLeak[],
  reporter: string,
  { log = console, retryPausesMs = DEFAULT_RETRY_PAUSES_MS }: { log?: Pick<Console, "error">; retryPausesMs?: readonly number[] } = {},
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  for (const leak of revoked) {
    const team = await db.team.findUnique({ where: { id: leak.teamId }, select: { name: true, slug: true } });
    const to = team ? await keyRecipients(db, leak.teamId, leak.createdById) : [];
    if (!team || to.length === 0) continue;
    const keyUrl = `${appBaseUrl()}/${encodeURIComponent(team.slug)}/keys/${encodeURIComponent(leak.keyId)}`;
    const email = renderKeyLeakedEmail({ teamName: team.name, key: leak, revokedAt: leak.revokedAt, url: leak.url, source: leak.source, reporter, keyUrl });
    const outcome = await sendWithRetries("key_leaked", { to: to.join(", "), ...email }, retryPausesMs);
    if (outcome.sent) result.sent++;
    else {
      result.failed++;
      log.error(`[leaked-keys] could not email the team ${team.slug} that key ${leak.keyId} was revoked as leaked: ${outcome.error}`);
    }
  }
  return result;
}
