import type { Actor } from "../actor";
import { db } from "../db";
import { requireMembership } from "../membership";
import { teamIdOf } from "../validation";
import type { PolicyModel } from "./key-policy";
import { loadTeamCeiling, type TeamCeiling } from "./limits-in-effect";

export type PolicyOptions = { models: PolicyModel[]; ceiling: TeamCeiling };

/** What the create dialog's "Limits" section offers: the enabled models and the team's ceiling. */
export async function getPolicyOptions(actor: Actor, input: { teamId: string }): Promise<PolicyOptions> {
  const teamId = teamIdOf(input);
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamId, "keys.create");
    const [models, ceiling] = await Promise.all([
      tx.model.findMany({ where: { enabled: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, displayName: true, enabled: true } }),
      loadTeamCeiling(tx, teamId),
    ]);
    return { models, ceiling };
  });
}
