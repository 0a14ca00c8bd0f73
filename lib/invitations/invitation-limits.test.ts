import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "../actor";
import { authedAction } from "../actions/action";
import { db } from "../db";
import { DbLimiter } from "../limits/db-limiter";
import type { Role } from "../permissions";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { inviteMember } from "./invite-member";
import { INVITATION_LIMITS, invitationLimitChecks, type InvitationScope } from "./limits";
import { resendInvitation } from "./resend-invitation";
import { inviteMemberSchema } from "./schemas";
import { auditRows, invitationRows, quietEmailLog, resetInvitationLimits } from "./test-helpers";

const HOUR = 3_600_000;
// Ten minutes into the current UTC hour, so hourly windows reset in exactly 50 minutes.
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR + 10 * 60_000);
const at = { now: NOW };

let emailLog: ReturnType<typeof quietEmailLog>;
beforeEach(async () => {
  emailLog = quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

let seq = 0;
const address = (who = "guest") => `${who}-${Date.now().toString(36)}-${seq++}@example.test`;
const invite = (actor: Actor, teamId: string, email = address(), role: Role = "developer") => inviteMember(actor, { teamId, email, role }, at);
const inviteMany = async (actor: Actor, teamId: string, n: number) => {
  for (let i = 0; i < n; i++) await invite(actor, teamId);
};

/** Every invitation counter of a scope, as stored (what a refused call must leave alone). */
/** Used counts, in the order of invitationLimitChecks: inviter/hour, team/hour, inviter/day, team/day, recipient in this team/day, recipient/day. */
async function counts(scope: InvitationScope) {
  const limiter = new DbLimiter();
  return Promise.all(invitationLimitChecks(scope).map(async (c) => c.rule.limit - (await limiter.peek(c.key, c.rule, NOW.getTime())).remaining));
}
/** Fills one counter of a scope (a day's worth of earlier invitations, say) without sending anything. */
async function use(scope: InvitationScope, which: keyof typeof INVITATION_LIMITS, n: number) {
  const check = invitationLimitChecks(scope).find((c) => c.rule === INVITATION_LIMITS[which])!;
  await new DbLimiter().consume(check.key, check.rule, n, NOW.getTime());
}

async function everything(teamId: string) {
  return { invitations: await invitationRows(teamId), audit: await auditRows(teamId), emails: emailLog.mock.calls.length };
}

describe("per inviter", () => {
  it("lets a new account send 20 invitations an hour, then refuses with when to try again, changing nothing", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const owner = members.owner.actor;
    await inviteMany(owner, team.id, INVITATION_LIMITS.perInviterPerHour.limit);

    const scope = { inviterId: owner.userId, teamId: team.id, email: "one-too-many@example.test" };
    const before = { ...(await everything(team.id)), counts: await counts(scope) };
    await expect(invite(owner, team.id, scope.email)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "You've sent too many invitations. Try again in 50 minutes.",
    });
    expect({ ...(await everything(team.id)), counts: await counts(scope) }).toEqual(before);
    expect(before.invitations).toHaveLength(20);
  });

  it("counts parallel invitations atomically: 30 at once, 20 sent", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => invite(members.owner.actor, team.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => r.reason.code === "RATE_LIMITED")).toBe(true);
    expect(await invitationRows(team.id)).toHaveLength(20);
    expect(await auditRows(team.id, "member.invited")).toHaveLength(20);
  });

  it("counts across all the inviter's teams, so new teams do not open new allowances", async () => {
    const a = await makeTeam(["owner"]);
    const owner = a.members.owner;
    const b = await db.team.create({ data: { name: "Second", slug: `second-${Date.now()}-${seq++}`, memberships: { create: { userId: owner.user.id, role: "owner" } } } });
    await inviteMany(owner.actor, a.team.id, 15);
    await inviteMany(owner.actor, b.id, 5);
    await expect(invite(owner.actor, b.id)).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("You've sent too many") });
  });

  it("has a daily limit of 100 too, whose reset it names", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const scope = { inviterId: members.owner.user.id, teamId: team.id, email: "x@example.test" };
    await use(scope, "perInviterPerDay", 100);
    await expect(invite(members.owner.actor, team.id)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^You've sent too many invitations\. Try again in \d+ (hours|minutes)\.$/),
    });
  });
});

describe("per team", () => {
  it("limits a team to 50 invitations an hour, whoever sends them", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const admins = await Promise.all([1, 2].map(async () => {
      const user = await makeUser("admin");
      await db.membership.create({ data: { teamId: team.id, userId: user.id, role: "admin" } });
      return actorFor(user);
    }));
    await inviteMany(members.owner.actor, team.id, 20);
    await inviteMany(admins[0], team.id, 20);
    await inviteMany(admins[1], team.id, 10);
    await expect(invite(admins[1], team.id)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "This team has sent too many invitations. Try again in 50 minutes.",
    });
    expect(await invitationRows(team.id)).toHaveLength(50);
  });

  it("and to 200 a day", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await use({ inviterId: "-", teamId: team.id, email: "-" }, "perTeamPerDay", 200);
    await expect(invite(members.owner.actor, team.id)).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("This team has sent") });
  });
});

describe("per recipient address", () => {
  it("sends one address at most 3 invitation emails a day from one team, resends included", async () => {
    const a = await makeTeam(["owner", "admin"]);
    const b = await makeTeam(["owner"]);
    const email = address("target");
    const first = await invite(a.members.owner.actor, a.team.id, email);
    await resendInvitation(a.members.admin.actor, { teamId: a.team.id, invitationId: first.invitationId }, at);
    await resendInvitation(a.members.owner.actor, { teamId: a.team.id, invitationId: first.invitationId }, at);

    const refusal = { code: "RATE_LIMITED", message: expect.stringMatching(new RegExp(`^${email} has been sent too many invitations today\\. Try again in \\d+ (hours|minutes)\\.$`)) };
    const before = await everything(a.team.id);
    await expect(resendInvitation(a.members.owner.actor, { teamId: a.team.id, invitationId: first.invitationId }, at)).rejects.toMatchObject(refusal);
    expect(await everything(a.team.id)).toEqual(before);
    // Another team (a stranger's, say) using up its own allowance does not stop this one.
    await expect(invite(b.members.owner.actor, b.team.id, email)).resolves.toMatchObject({ email });
  });

  it("caps one address at 20 invitation emails a day across all teams, on the invite form's address field", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const email = address("popular");
    await use({ inviterId: "someone-else", teamId: "another-team", email }, "perRecipientPerDay", 20);
    const message = expect.stringMatching(new RegExp(`^${email} has been sent too many invitations today\\.`));
    await expect(invite(members.owner.actor, team.id, email)).rejects.toMatchObject({ code: "RATE_LIMITED", fieldErrors: { email: message } });
    expect(await invitationRows(team.id)).toHaveLength(0);
  });

  it("counts a resend against the one who resends", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const issued = await invite(members.owner.actor, team.id);
    await resendInvitation(members.admin.actor, { teamId: team.id, invitationId: issued.invitationId }, at);
    const [, , adminDay] = await counts({ inviterId: members.admin.user.id, teamId: team.id, email: issued.email });
    expect(adminDay).toBe(1);
  });
});

describe("what does not count", () => {
  it("refusals for other reasons use up nothing", async () => {
    const { team, members } = await makeTeam(["owner", "admin", "developer"]);
    const owner = members.owner.actor;
    const taken = await invite(owner, team.id, address("taken"));
    const scope = (email: string, by: Actor = owner) => ({ inviterId: by.userId, teamId: team.id, email });
    const before = await counts(scope(taken.email));

    await expect(inviteMember(owner, { teamId: team.id, email: "not-an-address", role: "developer" }, at)).rejects.toMatchObject({ code: "INVALID" });
    await expect(invite(owner, team.id, taken.email)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(invite(owner, team.id, members.developer.user.email)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(invite(members.admin.actor, team.id, address(), "owner")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(invite(members.developer.actor, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    expect(await counts(scope(taken.email))).toEqual(before);
    expect(await counts(scope(members.developer.user.email))).toEqual([1, 1, 1, 1, 0, 0]);
    expect(await counts(scope("x@example.test", members.admin.actor))).toEqual([0, 1, 0, 1, 0, 0]);
  });

  it("a stranger is told the team does not exist even when its allowance is used up", async () => {
    const { team } = await makeTeam(["owner"]);
    await use({ inviterId: "-", teamId: team.id, email: "-" }, "perTeamPerHour", 50);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(invite(stranger, team.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a duplicate is reported as such when the inviter is at their limit", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const issued = await invite(members.owner.actor, team.id);
    await use({ inviterId: members.owner.user.id, teamId: team.id, email: "-" }, "perInviterPerHour", 19);
    await expect(invite(members.owner.actor, team.id, issued.email)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("pending") });
  });

  it("of two simultaneous invitations to one address, only the one sent counts", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const email = address("race");
    const results = await Promise.allSettled([invite(members.owner.actor, team.id, email), invite(members.owner.actor, team.id, email)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await counts({ inviterId: members.owner.user.id, teamId: team.id, email })).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe("through the invite action", () => {
  it("answers RATE_LIMITED with the message, not INTERNAL", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await use({ inviterId: members.owner.user.id, teamId: team.id, email: "-" }, "perInviterPerHour", 20);
    const action = authedAction(inviteMemberSchema, (input, actor) => inviteMember(actor, input, at), async () => members.owner.actor);
    await expect(action({ teamId: team.id, email: address(), role: "billing" })).resolves.toEqual({
      ok: false,
      code: "RATE_LIMITED",
      error: "You've sent too many invitations. Try again in 50 minutes.",
      fieldErrors: undefined,
    });
  });
});
