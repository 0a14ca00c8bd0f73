import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { updateTeamSchema, type UpdateTeamInput } from "./schemas";

export type UpdatedTeam = { id: string; slug: string; name: string; description: string };

/**
 * Renames a team or edits its description (owners and admins). The slug stays
 * put so bookmarked links keep working.
 */
export async function updateTeam(actor: Actor, input: UpdateTeamInput): Promise<UpdatedTeam> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    // Permission first: a stranger learns nothing, not even from validation errors.
    await requireMembership(tx, actor, teamId, "team.update");
    const { name, description } = parseInput(updateTeamSchema, input);
    const before = await tx.team.findUniqueOrThrow({
      where: { id: teamId },
      select: { id: true, slug: true, name: true, description: true },
    });
    if (before.name === name && before.description === description) return before;
    const team = await tx.team.update({
      where: { id: teamId },
      data: { name, description },
      select: { id: true, slug: true, name: true, description: true },
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "team.updated",
      targetType: "team",
      targetId: teamId,
      targetLabel: team.name,
      metadata: {
        before: { name: before.name, description: before.description },
        after: { name, description },
      },
    });
    return team;
  });
}
