import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { requireMembership } from "../membership";
import { lockTeam } from "../row-lock";
import { parseInput, teamIdOf } from "../validation";
import { teamIdSchema } from "./schemas";

export const requireTwoFactorSchema = z.object({
  teamId: teamIdSchema,
  required: z.boolean({ error: "Choose whether two-factor is required." }),
});
export type RequireTwoFactorInput = z.input<typeof requireTwoFactorSchema>;

/**
 * Turns the team's two-factor requirement on or off (owners only), audited.
 * From the next request on, members without two-factor are sent to set it up
 * before they can open anything of the team. The owner must have it on
 * themselves first: requiring it would otherwise lock them out at once.
 * Resolves to how many members do not have two-factor yet.
 */
export async function setTeamTwoFactorRequirement(actor: Actor, input: RequireTwoFactorInput): Promise<{ required: boolean; membersWithout: number }> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireMembership(tx, actor, teamId, "team.requireTwoFactor");
    const { required } = parseInput(requireTwoFactorSchema, input);
    const before = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true, requireTwoFactor: true } });
    if (required) {
      const me = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
      if (!me.totpEnabledAt) {
        throw new AppError("FORBIDDEN", "Turn on two-factor authentication for your own account first, on your account page.");
      }
    }
    const membersWithout = await tx.membership.count({ where: { teamId, user: { totpEnabledAt: null } } });
    if (before.requireTwoFactor === required) return { required, membersWithout };
    await tx.team.update({ where: { id: teamId }, data: { requireTwoFactor: required } });
    await recordAudit(tx, actor, {
      teamId,
      action: "team.two_factor_changed",
      targetType: "team",
      targetId: teamId,
      targetLabel: before.name,
      metadata: { required, membersWithoutTwoFactor: membersWithout },
    });
    return { required, membersWithout };
  });
}

export type TwoFactorRequirementView = { required: boolean; membersWithout: number; youHaveTwoFactor: boolean };

/** For the settings page: the requirement, how many members lack two-factor, and whether the caller has it. */
export async function getTeamTwoFactorRequirement(actor: Actor, teamId: string): Promise<TwoFactorRequirementView> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId);
    const [team, membersWithout, me] = await Promise.all([
      tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { requireTwoFactor: true } }),
      tx.membership.count({ where: { teamId, user: { totpEnabledAt: null } } }),
      tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } }),
    ]);
    return { required: team.requireTwoFactor, membersWithout, youHaveTwoFactor: !!me.totpEnabledAt };
  });
}
