/**
 * "A team always has an owner" under concurrent requests. On SQLite every
 * transaction is BEGIN IMMEDIATE, so these pass there by construction; on
 * PostgreSQL (READ COMMITTED) each transaction counted the owners without
 * seeing the other's uncommitted change, and both went through. Each scenario
 * runs in several teams at once so one lucky interleaving cannot hide a race.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { db } from "../db";
import { isAppError } from "../errors";
import { leaveTeam } from "../teams/leave-team";
import { makeTeam } from "../testing/factories";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";
import { membershipId } from "./test-helpers";

const ROUNDS = 6;

type Owners = { teamId: string; a: { actor: Actor; membershipId: string }; b: { actor: Actor; membershipId: string } };

/** A team whose only two owners are `a` and `b` (plus a developer, so it never empties). */
async function twoOwners(): Promise<Owners> {
  const { team, members } = await makeTeam(["owner", "admin", "developer"]);
  await db.membership.update({ where: { teamId_userId: { teamId: team.id, userId: members.admin.user.id } }, data: { role: "owner" } });
  return {
    teamId: team.id,
    a: { actor: members.owner.actor, membershipId: await membershipId(team.id, members.owner.user.id) },
    b: { actor: members.admin.actor, membershipId: await membershipId(team.id, members.admin.user.id) },
  };
}

type Race = (t: Owners) => Promise<unknown>[];

const races: [string, Race][] = [
  ["demote each other", (t) => [
    changeMemberRole(t.a.actor, { teamId: t.teamId, membershipId: t.b.membershipId, role: "admin" }),
    changeMemberRole(t.b.actor, { teamId: t.teamId, membershipId: t.a.membershipId, role: "admin" }),
  ]],
  ["both step down", (t) => [
    changeMemberRole(t.a.actor, { teamId: t.teamId, membershipId: t.a.membershipId, role: "developer" }),
    changeMemberRole(t.b.actor, { teamId: t.teamId, membershipId: t.b.membershipId, role: "developer" }),
  ]],
  ["remove each other", (t) => [
    removeMember(t.a.actor, { teamId: t.teamId, membershipId: t.b.membershipId }),
    removeMember(t.b.actor, { teamId: t.teamId, membershipId: t.a.membershipId }),
  ]],
  ["both leave", (t) => [leaveTeam(t.a.actor, { teamId: t.teamId }), leaveTeam(t.b.actor, { teamId: t.teamId })]],
  ["one leaves while the other steps down", (t) => [
    leaveTeam(t.a.actor, { teamId: t.teamId }),
    changeMemberRole(t.b.actor, { teamId: t.teamId, membershipId: t.b.membershipId, role: "billing" }),
  ]],
  ["one removes the other while stepping down", (t) => [
    removeMember(t.a.actor, { teamId: t.teamId, membershipId: t.b.membershipId }),
    changeMemberRole(t.a.actor, { teamId: t.teamId, membershipId: t.a.membershipId, role: "admin" }),
  ]],
];

describe("the last owner under concurrent requests", () => {
  it.each(races)("two owners who %s at once: exactly one succeeds and an owner remains", async (_name, race) => {
    const teams = await Promise.all(Array.from({ length: ROUNDS }, twoOwners));
    const outcomes = await Promise.all(teams.map((t) => Promise.allSettled(race(t))));

    for (const [i, settled] of outcomes.entries()) {
      const owners = await db.membership.count({ where: { teamId: teams[i].teamId, role: "owner" } });
      expect(owners).toBe(1);
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      // The loser is told why in words (an AppError), never a database error.
      const [refused] = settled.filter((s) => s.status === "rejected");
      expect(isAppError(refused.reason), String(refused.reason)).toBe(true);
    }
  });
});
