/**
 * Emails claimed alerts. One email per key or team budget and period names
 * the highest threshold waiting; once it is sent, the lower ones waiting with
 * it count as told (emailedAt set), so nobody gets "50 %" after "100 %".
 *
 * Each attempt is taken before sending by raising `attempts` from the value
 * read (a conditional update), so two replicas never send the same retry.
 * A failure keeps the error and is retried later (thresholds.ts:
 * nextAttemptAt); after MAX_EMAIL_ATTEMPTS the alert is given up and logged.
 */
import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { renderBudgetAlertEmail } from "../email/budget-alert-email";
import { sendEmail } from "../email/send-email";
import { Prisma } from "../generated/prisma/client";
import { periodEndOf, periodOf, periodStart } from "./period";
import { alertRecipients, loadAlertTeams, type AlertTeam } from "./recipients";
import { MAX_EMAIL_ATTEMPTS, nextAttemptAt } from "./thresholds";

type PendingRow = {
  id: string;
  teamId: string;
  scope: string;
  scopeId: string;
  period: string;
  threshold: number | bigint;
  budgetMicros: number | bigint;
  spentMicros: number | bigint;
  createdAt: Date | string;
  attempts: number | bigint;
};

export type DeliveryReport = { sent: number; failed: number; gaveUp: number };
type Log = Pick<Console, "log" | "error">;

/** Alerts of this period and the last one (one claimed just before midnight) not yet emailed nor given up. */
async function loadPending(now: number): Promise<PendingRow[]> {
  const periods = [periodOf(now), periodOf(periodStart(now) - 1)];
  return db.$queryRaw<PendingRow[]>(Prisma.sql`
    SELECT a."id", a."teamId", a."scope", a."scopeId", a."period", a."threshold", a."budgetMicros", a."spentMicros", a."createdAt", a."attempts"
    FROM "Team" t JOIN "BudgetAlert" a ON a."teamId" = t."id" AND a."period" IN (${Prisma.join(periods)})
    WHERE a."emailedAt" IS NULL AND a."attempts" < ${MAX_EMAIL_ATTEMPTS}`);
}

const sameTarget = (row: PendingRow, threshold: number) => ({
  scope: row.scope,
  scopeId: row.scopeId,
  period: row.period,
  threshold: { lte: threshold },
  emailedAt: null,
});

async function giveUp(row: PendingRow, reason: string): Promise<void> {
  await db.budgetAlert.updateMany({
    where: sameTarget(row, Number(row.threshold)),
    data: { attempts: MAX_EMAIL_ATTEMPTS, lastError: reason.slice(0, 1000) },
  });
}

export async function deliverPendingAlerts(now: number, log: Log = console): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, gaveUp: 0 };
  const pending = await loadPending(now);
  const tops = new Map<string, PendingRow>();
  for (const row of pending) {
    const group = `${row.scope}|${row.scopeId}|${row.period}`;
    const top = tops.get(group);
    if (!top || Number(row.threshold) > Number(top.threshold)) tops.set(group, row);
  }
  const due = [...tops.values()].filter((row) => {
    const at = nextAttemptAt(new Date(row.createdAt).getTime(), Number(row.attempts));
    return at !== null && at <= now;
  });
  if (due.length === 0) return report;

  const teams = await loadAlertTeams([...new Set(due.map((r) => r.teamId))]);
  const keyIds = due.filter((r) => r.scope === "key").map((r) => r.scopeId);
  const keys = new Map(
    (keyIds.length ? await db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true, createdById: true } }) : []).map((k) => [k.id, k]),
  );

  for (const row of due) {
    const team = teams.get(row.teamId);
    const key = row.scope === "key" ? keys.get(row.scopeId) : undefined;
    const label = `${row.scope} ${row.scopeId} at ${row.threshold} % (${row.period})`;
    if (!team || (row.scope === "key" && !key)) {
      await giveUp(row, "The team or key no longer exists.");
      continue;
    }
    const attempts = Number(row.attempts);
    const taken = await db.budgetAlert.updateMany({
      where: { id: row.id, attempts, emailedAt: null },
      data: { attempts: attempts + 1 },
    });
    if (taken.count === 0) continue;

    const to = alertRecipients(team, key?.createdById ?? null);
    if (to.length === 0) {
      log.error(`[budgets] no recipients for the budget alert of ${label}: check the team's alert settings`);
      await giveUp(row, "No recipients: no member has an alert role and no extra address is set.");
      report.gaveUp++;
      continue;
    }
    try {
      await sendEmail({ to: to.join(", "), ...renderAlert(row, team, key?.name) });
      await db.budgetAlert.updateMany({ where: sameTarget(row, Number(row.threshold)), data: { emailedAt: new Date(now), lastError: "" } });
      report.sent++;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      if (attempts + 1 >= MAX_EMAIL_ATTEMPTS) {
        log.error(`[budgets] gave up emailing the budget alert of ${label} after ${MAX_EMAIL_ATTEMPTS} attempts: ${message}`);
        await giveUp(row, message);
        report.gaveUp++;
      } else {
        log.error(`[budgets] could not email the budget alert of ${label} (attempt ${attempts + 1}, will retry): ${message}`);
        await db.budgetAlert.update({ where: { id: row.id }, data: { lastError: message.slice(0, 1000) } });
        report.failed++;
      }
    }
  }
  return report;
}

function renderAlert(row: PendingRow, team: AlertTeam, keyName: string | undefined) {
  const base = `${appBaseUrl()}/${encodeURIComponent(team.slug)}`;
  const limitMicros = Number(row.budgetMicros);
  return renderBudgetAlertEmail({
    teamName: team.name,
    scope: row.scope === "key" ? "key" : "team",
    keyName,
    // Not stored with the claim: a team alert whose limit is not the team's own budget was against the provider's spend limit.
    limitKind: row.scope === "team" && team.budgetMicros !== limitMicros ? "cap" : "budget",
    threshold: Number(row.threshold),
    spentMicros: Number(row.spentMicros),
    limitMicros,
    period: row.period,
    resetsAt: new Date(periodEndOf(row.period)),
    usageUrl: `${base}/usage`,
    keyUrl: row.scope === "key" ? `${base}/keys/${encodeURIComponent(row.scopeId)}` : undefined,
  });
}
