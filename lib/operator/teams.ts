import type { Actor } from "../actor";
import { periodOf } from "../budgets/period";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { microsOf } from "../money";
import { effectiveTeamLimits, type EffectiveTeamLimits } from "../policy/team-limits";
import { idSchema, parseInput } from "../validation";
import { requireOperator } from "./operators";
import { TEAMS_PAGE_SIZE, teamListQuerySchema, type TeamListQuery } from "./schemas";

export type OperatorTeamRow = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  members: number;
  keys: number;
  /** The team's own overrides (null: follows the default plan). */
  overrides: { rpmLimit: number | null; tpmLimit: number | null; spendCapMicros: number | null };
  limits: EffectiveTeamLimits;
  monthToDateMicros: number;
  budgetMicros: number | null;
  suspendedAt: Date | null;
  suspendedReason: string;
};

export type OperatorTeamPage = { teams: OperatorTeamRow[]; page: number; pageSize: number; total: number; pageCount: number; q: string };

const TEAM_SELECT = {
  id: true,
  name: true,
  slug: true,
  createdAt: true,
  rpmLimit: true,
  tpmLimit: true,
  spendCapMicros: true,
  budgetMicros: true,
  suspendedAt: true,
  suspendedReason: true,
  _count: { select: { memberships: true, apiKeys: true } },
} as const;

/**
 * Team ids matching a search, newest first: the name, the slug or a member's
 * email containing the text in any case, or the exact id. Raw SQL because
 * Prisma's `contains` is case-sensitive on PostgreSQL and `mode` does not
 * exist on SQLite; LOWER() and LIKE … ESCAPE mean the same on both.
 */
async function searchTeamIds(q: string, skip: number, take: number): Promise<{ ids: string[]; total: number }> {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = Prisma.sql`LOWER(t."name") LIKE ${pattern} ESCAPE '\\' OR t."slug" LIKE ${pattern} ESCAPE '\\' OR t."id" = ${q}
    OR EXISTS (SELECT 1 FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE m."teamId" = t."id" AND u."email" LIKE ${pattern} ESCAPE '\\')`;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<Array<{ id: string }>>`SELECT t."id" FROM "Team" t WHERE ${where} ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ${take} OFFSET ${skip}`,
    db.$queryRaw<Array<{ n: bigint | number }>>`SELECT COUNT(*) AS n FROM "Team" t WHERE ${where}`,
  ]);
  return { ids: rows.map((r) => r.id), total: Number(counted[0]?.n ?? 0) };
}

type TeamRecord = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  rpmLimit: number | null;
  tpmLimit: number | null;
  spendCapMicros: bigint | null;
  budgetMicros: bigint | null;
  suspendedAt: Date | null;
  suspendedReason: string;
  _count: { memberships: number; apiKeys: number };
};
type PlanRow = { defaultRpmLimit: number | null; defaultTpmLimit: number | null; defaultSpendCapMicros: bigint | null } | null;

function toTeamRow(team: TeamRecord, settings: PlanRow, spentMicros: number): OperatorTeamRow {
  const plan = {
    defaultRpmLimit: settings?.defaultRpmLimit ?? null,
    defaultTpmLimit: settings?.defaultTpmLimit ?? null,
    defaultSpendCapMicros: settings?.defaultSpendCapMicros ?? null,
  };
  return {
    id: team.id,
    name: team.name,
    slug: team.slug,
    createdAt: team.createdAt,
    members: team._count.memberships,
    keys: team._count.apiKeys,
    overrides: { rpmLimit: team.rpmLimit, tpmLimit: team.tpmLimit, spendCapMicros: microsOf(team.spendCapMicros) },
    limits: effectiveTeamLimits(team, plan),
    monthToDateMicros: spentMicros,
    budgetMicros: microsOf(team.budgetMicros),
    suspendedAt: team.suspendedAt,
    suspendedReason: team.suspendedReason,
  };
}

/** Every team on the install, newest first, with what an operator decides on. */
export async function listOperatorTeams(actor: Actor, input: TeamListQuery = {}, now = Date.now()): Promise<OperatorTeamPage> {
  await requireOperator(actor);
  const { q, page } = parseInput(teamListQuerySchema, input);
  const skip = (page - 1) * TEAMS_PAGE_SIZE;
  const found = q ? await searchTeamIds(q, skip, TEAMS_PAGE_SIZE) : null;
  const order = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [total, teams, settings] = await Promise.all([
    found ? found.total : db.team.count(),
    found
      ? db.team.findMany({ where: { id: { in: found.ids } }, select: TEAM_SELECT, orderBy: order })
      : db.team.findMany({ select: TEAM_SELECT, orderBy: order, skip, take: TEAMS_PAGE_SIZE }),
    db.operatorSettings.findUnique({ where: { id: 1 } }),
  ]);
  const spend = await db.spendCounter.findMany({
    where: { scope: "team", period: periodOf(now), scopeId: { in: teams.map((t) => t.id) } },
    select: { scopeId: true, spentMicros: true },
  });
  const spent = new Map(spend.map((s) => [s.scopeId, Number(s.spentMicros)]));
  return {
    teams: teams.map((t) => toTeamRow(t, settings, spent.get(t.id) ?? 0)),
    page,
    pageSize: TEAMS_PAGE_SIZE,
    total,
    pageCount: Math.max(1, Math.ceil(total / TEAMS_PAGE_SIZE)),
    q,
  };
}

/** One team, for its page in the Operator area. */
export async function getOperatorTeam(actor: Actor, teamId: string, now = Date.now()): Promise<OperatorTeamRow> {
  await requireOperator(actor);
  const id = parseInput(idSchema("team"), teamId);
  const [team, settings, spend] = await Promise.all([
    db.team.findUnique({ where: { id }, select: TEAM_SELECT }),
    db.operatorSettings.findUnique({ where: { id: 1 } }),
    db.spendCounter.findUnique({ where: { scope_scopeId_period: { scope: "team", scopeId: id, period: periodOf(now) } } }),
  ]);
  if (!team) throw new AppError("NOT_FOUND", "Team not found.");
  return toTeamRow(team, settings, spend ? Number(spend.spentMicros) : 0);
}
