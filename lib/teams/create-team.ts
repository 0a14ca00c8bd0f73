import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { createTeamSchema, type CreateTeamInput } from "./schemas";
import { uniqueSlug } from "./slug";

export type CreatedTeam = { id: string; slug: string; name: string };

/** Any signed-in user may create a team; they become its first owner. */
export async function createTeam(actor: Actor, input: CreateTeamInput): Promise<CreatedTeam> {
  const { name, description } = parseInput(createTeamSchema, input);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true } });
    if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    const slug = await uniqueSlug(tx, name);
    const team = await tx.team.create({
      data: { name, description, slug, memberships: { create: { userId: actor.userId, role: "owner" } } },
      select: { id: true, slug: true, name: true },
    });
    await recordAudit(tx, actor, {
      teamId: team.id,
      action: "team.created",
      targetType: "team",
      targetId: team.id,
      targetLabel: team.name,
      metadata: { slug: team.slug, description },
    });
    return team;
  });
}
