/**
 * What the console's budget banner says (every team page, every role): the
 * most severe budget of the current month among the team's own (or the
 * provider's spend limit for it) and its keys'. From 80 % a warning; from
 * 100 % over budget, since verification then answers BUDGET_EXCEEDED.
 * Read on each render from the SpendCounter rows of the team's month
 * (their (teamId, period) index), so it costs two small queries.
 */
import { db } from "../db";
import { formatUsd, microsOf } from "../money";
import { can, type Role } from "../permissions";
import { effectiveTeamLimits, tighter } from "../policy/team-limits";
import { periodEnd, periodOf } from "./period";
import { budgetLevel, percentUsed, type BudgetLevel } from "./thresholds";

export type BannerLink = { href: string; label: string };

export type BudgetBanner = {
  level: Exclude<BudgetLevel, "ok">;
  title: string;
  message: string;
  /** How many more budgets are at 80 % or more. */
  others: number;
  links: BannerLink[];
  /** Identifies this state, so dismissing it does not hide a worse one later. */
  id: string;
};

type Entry = { scope: "key" | "team"; id: string; name: string; spent: number; limit: number; kind: "budget" | "cap"; level: BudgetLevel };

const severity = (e: Entry) => (e.level === "over" ? 2 : e.level === "warning" ? 1 : 0);
const ended = (at: Date | null, now: number) => at !== null && at.getTime() <= now;

function formatReset(ts: number): string {
  return new Date(ts).toLocaleString("en-US", { dateStyle: "long", timeZone: "UTC" }) + " (00:00 UTC)";
}

export async function budgetBanner(teamId: string, userRole: Role, now = Date.now()): Promise<BudgetBanner | null> {
  const period = periodOf(now);
  const [team, plan, counters] = await Promise.all([
    db.team.findUnique({ where: { id: teamId }, select: { name: true, slug: true, budgetMicros: true, spendCapMicros: true } }),
    db.operatorSettings.findUnique({ where: { id: 1 }, select: { defaultSpendCapMicros: true } }),
    db.spendCounter.findMany({ where: { teamId, period }, select: { scope: true, scopeId: true, spentMicros: true } }),
  ]);
  if (!team || counters.length === 0) return null;

  const entries: Entry[] = [];
  const teamSpent = counters.find((c) => c.scope === "team" && c.scopeId === teamId);
  const budget = microsOf(team.budgetMicros);
  const cap = effectiveTeamLimits(
    { rpmLimit: null, tpmLimit: null, spendCapMicros: team.spendCapMicros },
    { defaultRpmLimit: null, defaultTpmLimit: null, defaultSpendCapMicros: plan?.defaultSpendCapMicros ?? null },
  ).spendCapMicros;
  const teamLimit = tighter(budget, cap);
  if (teamSpent && teamLimit !== null) {
    const spent = Number(teamSpent.spentMicros);
    const kind = budget !== null && budget <= teamLimit ? "budget" : "cap";
    entries.push({ scope: "team", id: teamId, name: team.name, spent, limit: teamLimit, kind, level: budgetLevel(spent, teamLimit) });
  }
  const keyCounters = new Map(counters.filter((c) => c.scope === "key").map((c) => [c.scopeId, Number(c.spentMicros)]));
  if (keyCounters.size > 0) {
    const keys = await db.apiKey.findMany({
      where: { teamId, id: { in: [...keyCounters.keys()] }, budgetMicros: { not: null } },
      select: { id: true, name: true, budgetMicros: true, revokedAt: true, expiresAt: true },
    });
    for (const key of keys) {
      if (ended(key.revokedAt, now) || ended(key.expiresAt, now)) continue;
      const spent = keyCounters.get(key.id) ?? 0;
      const limit = Number(key.budgetMicros);
      entries.push({ scope: "key", id: key.id, name: key.name, spent, limit, kind: "budget", level: budgetLevel(spent, limit) });
    }
  }

  const flagged = entries.filter((e) => e.level !== "ok");
  if (flagged.length === 0) return null;
  flagged.sort((a, b) => severity(b) - severity(a) || b.spent / b.limit - a.spent / a.limit);
  const top = flagged[0];
  const level = top.level === "over" ? "over" : "warning";
  return {
    level,
    ...wording(top, periodEnd(now)),
    others: flagged.length - 1,
    links: linksFor(top, team.slug, userRole),
    id: `${period}:${top.scope}:${top.id}:${level}`,
  };
}

function wording(e: Entry, resetsAt: number): { title: string; message: string } {
  const limitName = e.kind === "cap" ? "monthly spend limit set by your provider" : "monthly budget";
  const amounts = `${formatUsd(e.spent)} of ${formatUsd(e.limit)}`;
  const subject = e.scope === "key" ? `Key “${e.name}”` : "This team";
  const who = e.scope === "key" ? "this key" : "every key of the team";
  if (e.level === "over") {
    return {
      title: e.scope === "key" ? `Key “${e.name}” is over budget` : "This team is over budget",
      message: `${subject} has spent ${formatUsd(e.spent)} of its ${formatUsd(e.limit)} ${limitName}: verification answers BUDGET_EXCEEDED for ${who} until ${formatReset(resetsAt)}.`,
    };
  }
  return {
    title: e.scope === "key" ? `Key “${e.name}” is close to its budget` : "This team is close to its budget",
    message: `${subject} has used ${percentUsed(e.spent, e.limit)} % of its ${limitName} (${amounts}). At 100 %, verification answers BUDGET_EXCEEDED for ${who} until the budget resets on ${formatReset(resetsAt)}.`,
  };
}

function linksFor(e: Entry, slug: string, role: Role): BannerLink[] {
  const base = `/${encodeURIComponent(slug)}`;
  const links: BannerLink[] = [{ href: `${base}/usage`, label: "View usage" }];
  if (e.scope === "key") links.push({ href: `${base}/keys/${encodeURIComponent(e.id)}`, label: "Open key" });
  else if (e.kind === "budget" && can(role, "team.budget")) links.push({ href: `${base}/settings`, label: "Change budget" });
  return links;
}
