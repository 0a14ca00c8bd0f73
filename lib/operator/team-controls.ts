import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { microsOf, microsToUsdText } from "../money";
import { lockTeam } from "../row-lock";
import { announceKeyChange } from "../store/key-changes";
import { parseInput, teamIdOf } from "../validation";
import { recordOperatorAudit } from "./audit";
import { requireOperator } from "./operators";
import {
  optionalUsdMicros,
  resumeTeamSchema,
  setTeamLimitsSchema,
  suspendTeamSchema,
  type ResumeTeamInput,
  type SetTeamLimitsInput,
  type SuspendTeamInput,
} from "./schemas";

/**
 * The operator's levers on one team: overrides of the default plan, and
 * suspension (every key of the team then answers TEAM_SUSPENDED). Each commit
 * is announced so cached key lookups of the team reload before the next verify.
 */
type TeamState = { id: string; name: string; rpmLimit: number | null; tpmLimit: number | null; spendCapMicros: bigint | null; suspendedAt: Date | null; suspendedReason: string };

async function lockedTeam(tx: Tx, teamId: string): Promise<TeamState> {
  // Locked first, so the "before" of the audit record is the state this change replaces.
  await lockTeam(tx, teamId);
  const team = await tx.team.findUnique({
    where: { id: teamId },
    select: { id: true, name: true, rpmLimit: true, tpmLimit: true, spendCapMicros: true, suspendedAt: true, suspendedReason: true },
  });
  if (!team) throw new AppError("NOT_FOUND", "Team not found.");
  return team;
}

const limitsState = (t: { rpmLimit: number | null; tpmLimit: number | null; spendCapMicros: bigint | number | null }) => {
  const cap = microsOf(t.spendCapMicros);
  return { rpmLimit: t.rpmLimit, tpmLimit: t.tpmLimit, spendCapUsd: cap === null ? null : microsToUsdText(cap) };
};

const suspensionState = (t: { suspendedAt: Date | null; suspendedReason: string }) =>
  t.suspendedAt ? { suspended: true, suspendedAt: t.suspendedAt.toISOString(), reason: t.suspendedReason } : { suspended: false };

/** Sets or clears (null: follow the default plan) the team's RPM, TPM and monthly spend cap. */
export async function setTeamLimits(actor: Actor, input: SetTeamLimitsInput): Promise<{ changed: boolean; teamName: string }> {
  const result = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const team = await lockedTeam(tx, teamIdOf(input));
    const { teamId, rpmLimit, tpmLimit, spendCap: capText } = parseInput(setTeamLimitsSchema, input);
    const spendCap = optionalUsdMicros(capText);
    const before = limitsState(team);
    const after = limitsState({ rpmLimit, tpmLimit, spendCapMicros: spendCap });
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false, teamName: team.name };
    await tx.team.update({ where: { id: teamId }, data: { rpmLimit, tpmLimit, spendCapMicros: spendCap === null ? null : BigInt(spendCap) } });
    await recordOperatorAudit(tx, actor, { action: "team.limits_changed", targetType: "team", targetId: teamId, targetLabel: team.name, before, after });
    return { changed: true, teamName: team.name };
  });
  if (result.changed) announceKeyChange({ teamIds: [teamIdOf(input)] });
  return result;
}

export async function suspendTeam(actor: Actor, input: SuspendTeamInput): Promise<{ teamName: string }> {
  const name = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const team = await lockedTeam(tx, teamIdOf(input));
    const { teamId, reason } = parseInput(suspendTeamSchema, input);
    const now = new Date();
    // Conditional, so two operators suspending at once write one record, not two.
    const { count } = await tx.team.updateMany({ where: { id: teamId, suspendedAt: null }, data: { suspendedAt: now, suspendedReason: reason } });
    if (count !== 1) throw new AppError("CONFLICT", "This team is already suspended.");
    await recordOperatorAudit(tx, actor, {
      action: "team.suspended",
      targetType: "team",
      targetId: teamId,
      targetLabel: team.name,
      before: suspensionState(team),
      after: suspensionState({ suspendedAt: now, suspendedReason: reason }),
    });
    return team.name;
  });
  announceKeyChange({ teamIds: [teamIdOf(input)] });
  return { teamName: name };
}

export async function resumeTeam(actor: Actor, input: ResumeTeamInput): Promise<{ teamName: string }> {
  const name = await db.$transaction(async (tx) => {
    await requireOperator(actor, tx);
    const team = await lockedTeam(tx, teamIdOf(input));
    const { teamId } = parseInput(resumeTeamSchema, input);
    const { count } = await tx.team.updateMany({ where: { id: teamId, suspendedAt: { not: null } }, data: { suspendedAt: null, suspendedReason: "" } });
    if (count !== 1) throw new AppError("CONFLICT", "This team is not suspended.");
    await recordOperatorAudit(tx, actor, {
      action: "team.resumed",
      targetType: "team",
      targetId: teamId,
      targetLabel: team.name,
      before: suspensionState(team),
      after: { suspended: false },
    });
    return team.name;
  });
  announceKeyChange({ teamIds: [teamIdOf(input)] });
  return { teamName: name };
}
