/**
 * Deleting an account, on both engines: the last-owner and only-operator
 * refusals, the proof of identity, and a deletion that touches every table
 * with a foreign key to User (so no engine can refuse it with a constraint
 * error) while the keys the user created keep verifying.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startApiServer, type TestApi } from "../api/test-helpers";
import { createUser } from "../auth/users";
import { db } from "../db";
import { inviteMember } from "../invitations/invite-member";
import { quietEmailLog, resetInvitationLimits, tokenOf } from "../invitations/test-helpers";
import { getInvitationByToken } from "../invitations/get-invitation-by-token";
import { createApiKey } from "../keys/create";
import { createTeam } from "../teams/create-team";
import { deleteTeam } from "../teams/delete-team";
import { actorFor, makeTeam } from "../testing/factories";
import { RECENT_SIGN_IN_MS, SIGN_IN_AGAIN, WRONG_PASSWORD } from "./confirm-identity";
import { deleteAccount, lastOwnerMessage, SOLE_OPERATOR_MESSAGE } from "./delete-account";
import { anotherSession, PASSWORD, signedInUser } from "./test-helpers";

let api: TestApi;
beforeAll(async () => {
  // The file's first account is the install's operator (lib/auth/users.ts): one that stays, so the
  // accounts below are ordinary ones.
  await createUser({ name: "Install Operator", email: `operator-${Date.now()}@account.test`, password: PASSWORD });
  api = await startApiServer();
});
afterAll(() => api.close());
beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const error = (attempt: Promise<unknown>) => attempt.then(() => null, (e: { code: string; message: string; fieldErrors?: Record<string, string> }) => e);
const verify = async (key: string) => (await (await api.post("/api/v1/keys/verify", { key })).json()) as { valid: boolean; code: string };

/** What the account and its teams hold: compared before and after a refused deletion. */
async function snapshot(userId: string) {
  return {
    user: await db.user.findUnique({ where: { id: userId } }),
    memberships: await db.membership.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    sessions: await db.userSession.count({ where: { userId } }),
    invitations: await db.invitation.findMany({ where: { invitedById: userId }, orderBy: { id: "asc" } }),
    audit: await db.auditLog.count({ where: { actorId: userId } }),
  };
}

describe("deleteAccount refusals", () => {
  it("refuses the last owner of any team, naming every such team, and changes nothing", async () => {
    const { user, actor } = await signedInUser("owner");
    const beta = await createTeam(actor, { name: "Beta Works" });
    const acme = await createTeam(actor, { name: "Acme Labs" });
    // A team with a second owner does not hold the account back.
    const shared = await makeTeam(["owner"]);
    await db.team.update({ where: { id: shared.team.id }, data: { name: "Shared Co" } });
    await db.membership.create({ data: { teamId: shared.team.id, userId: user.id, role: "owner" } });
    await inviteMember(actor, { teamId: acme.id, email: `guest-${user.id}@example.test`, role: "developer" });
    const before = await snapshot(user.id);

    const refused = await error(deleteAccount(actor, { password: PASSWORD }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: lastOwnerMessage([{ ...acme }, { ...beta }]) });
    expect(refused?.message).toBe(
      "You are the last owner of Acme Labs and Beta Works. Make another member an owner of each, or delete those teams, before deleting your account.",
    );
    expect(refused?.message).not.toContain("Shared Co");
    expect(await snapshot(user.id)).toEqual(before);

    // After one team is deleted and the other gets a second owner, it goes through.
    await deleteTeam(actor, { teamId: beta.id, confirmName: "Beta Works" });
    expect((await error(deleteAccount(actor, { password: PASSWORD })))?.message).toBe(
      "You are the last owner of Acme Labs. Make another member an owner of it, or delete the team, before deleting your account.",
    );
    await db.membership.create({ data: { teamId: acme.id, userId: shared.members.owner.user.id, role: "owner" } });
    await expect(deleteAccount(actor, { password: PASSWORD })).resolves.toMatchObject({ email: user.email, teamsLeft: 2 });
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
  });

  it("refuses a wrong or missing password with a field error, and changes nothing", async () => {
    const { user, actor } = await signedInUser("typo");
    const before = await snapshot(user.id);
    for (const input of [{ password: "not my password" }, {}, { password: "" }]) {
      expect(await error(deleteAccount(actor, input))).toMatchObject({ code: "INVALID", fieldErrors: { password: WRONG_PASSWORD } });
    }
    expect(await snapshot(user.id)).toEqual(before);
  });

  it("asks an SSO-only account for its email typed out and a recent sign-in", async () => {
    const old = await signedInUser("sso-old", { sso: true, signedInAt: Date.now() - RECENT_SIGN_IN_MS - 1000 });
    expect(await error(deleteAccount(old.actor, { confirmEmail: "someone-else@account.test" }))).toMatchObject({
      code: "INVALID",
      fieldErrors: { confirmEmail: `Type ${old.user.email} to confirm.` },
    });
    expect(await error(deleteAccount(old.actor, { confirmEmail: old.user.email }))).toMatchObject({ code: "FORBIDDEN", message: SIGN_IN_AGAIN });
    expect(await db.user.findUnique({ where: { id: old.user.id } })).not.toBeNull();

    const fresh = await signedInUser("sso-fresh", { sso: true });
    await expect(deleteAccount(fresh.actor, { confirmEmail: ` ${fresh.user.email.toUpperCase()} ` })).resolves.toMatchObject({ email: fresh.user.email });
    expect(await db.user.findUnique({ where: { id: fresh.user.id } })).toBeNull();
  });

  it("refuses the install's only operator until another operator exists", async () => {
    const { user, actor } = await signedInUser("operator");
    await db.user.update({ where: { id: user.id }, data: { isOperator: true } });
    // Nobody else is an operator, by the flag or by GATEHOUSE_OPERATORS.
    const flagged = await db.user.findMany({ where: { isOperator: true, id: { not: user.id } }, select: { id: true } });
    await db.user.updateMany({ where: { id: { in: flagged.map((u) => u.id) } }, data: { isOperator: false } });
    vi.stubEnv("GATEHOUSE_OPERATORS", "");
    try {
      expect(await error(deleteAccount(actor, { password: PASSWORD }))).toMatchObject({ code: "CONFLICT", message: SOLE_OPERATOR_MESSAGE });
      // An address in GATEHOUSE_OPERATORS counts once its account exists.
      const colleague = await signedInUser("colleague");
      vi.stubEnv("GATEHOUSE_OPERATORS", `nobody@account.test, ${colleague.user.email.toUpperCase()}`);
      await expect(deleteAccount(actor, { password: PASSWORD })).resolves.toMatchObject({ email: user.email });
    } finally {
      await db.user.updateMany({ where: { id: { in: flagged.map((u) => u.id) } }, data: { isOperator: true } });
    }
  });
});

describe("deleteAccount", () => {
  it("removes a user who created keys, sent invitations and has audit entries; their keys keep working and nobody else is touched", async () => {
    const { user, actor } = await signedInUser("leaver");
    const stays = await signedInUser("stays");
    const elsewhere = await anotherSession(user.id);

    // Team A: the leaver is an admin who sent invitations and created a key; "stays" is a developer there.
    const a = await makeTeam(["owner"]);
    await db.membership.create({ data: { teamId: a.team.id, userId: user.id, role: "admin" } });
    await db.membership.create({ data: { teamId: a.team.id, userId: stays.user.id, role: "developer" } });
    const pending = await inviteMember(actor, { teamId: a.team.id, email: `pending-${user.id}@example.test`, role: "developer" });
    await db.invitation.create({
      data: { teamId: a.team.id, email: `joined-${user.id}@example.test`, role: "billing", tokenHash: `accepted-${user.id}`, invitedById: user.id, expiresAt: new Date(Date.now() + 86400_000), acceptedAt: new Date() },
    });
    const theirs = await inviteMember(actorFor(a.members.owner.user), { teamId: a.team.id, email: `owners-guest-${user.id}@example.test`, role: "developer" });
    const keyA = await createApiKey(actor, { teamId: a.team.id, name: "Leaver's CI", environment: "production", expiry: "never" });
    const staysKey = await createApiKey(stays.actor, { teamId: a.team.id, name: "Stays' key", environment: "development", expiry: "never" });

    // Team B: the leaver is one of two owners, with a key of their own.
    const b = await createTeam(actor, { name: "Bravo" });
    await db.membership.create({ data: { teamId: b.id, userId: stays.user.id, role: "owner" } });
    const keyB = await createApiKey(actor, { teamId: b.id, name: "Leaver's worker", environment: "development", expiry: "never" });

    // Everything else that points at the user.
    await db.accountToken.create({ data: { userId: user.id, purpose: "email_verify", tokenHash: `verify-${user.id}`, expiresAt: new Date(Date.now() + 3600_000) } });
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `code-${user.id}` } });
    await db.oidcAccount.create({ data: { userId: user.id, issuer: "https://idp.example.test", subject: `sub-${user.id}`, email: user.email } });
    await db.userAuditLog.create({ data: { userId: user.id, action: "session.created", details: "{}" } });
    const auditedByThem = await db.auditLog.count({ where: { actorId: user.id } });
    expect(auditedByThem).toBeGreaterThanOrEqual(4);
    expect((await verify(keyA.secret)).valid).toBe(true);
    const staysBefore = await snapshot(stays.user.id);

    await expect(deleteAccount(actor, { password: PASSWORD })).resolves.toEqual({ email: user.email, teamsLeft: 2, revokedInvitations: 1 });

    // The user and everything of theirs alone is gone: every browser of theirs is signed out.
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
    for (const count of [
      db.userSession.count({ where: { userId: user.id } }),
      db.userSession.count({ where: { id: { in: [actor.sessionId, elsewhere] } } }),
      db.membership.count({ where: { userId: user.id } }),
      db.userAuditLog.count({ where: { userId: user.id } }),
      db.accountToken.count({ where: { userId: user.id } }),
      db.recoveryCode.count({ where: { userId: user.id } }),
      db.oidcAccount.count({ where: { userId: user.id } }),
      db.invitation.count({ where: { invitedById: user.id } }),
    ]) {
      expect(await count).toBe(0);
    }

    // Each team's audit log says they left because the account was deleted, and which invitations went with them.
    const left = await db.auditLog.findMany({ where: { action: "member.left", targetId: user.id }, orderBy: { teamId: "asc" } });
    expect(left.map((e) => ({ teamId: e.teamId, label: e.targetLabel, actorEmail: e.actorEmail, metadata: JSON.parse(e.metadata) })).sort((x, y) => x.teamId!.localeCompare(y.teamId!))).toEqual(
      [
        { teamId: a.team.id, label: user.email, actorEmail: user.email, metadata: { role: "admin", team: "Acme", reason: "account_deleted", revokedInvitations: 1 } },
        { teamId: b.id, label: user.email, actorEmail: user.email, metadata: { role: "owner", team: "Bravo", reason: "account_deleted" } },
      ].sort((x, y) => x.teamId.localeCompare(y.teamId)),
    );
    const revoked = await db.auditLog.findFirstOrThrow({ where: { teamId: a.team.id, action: "invitation.revoked", targetId: pending.invitationId } });
    expect(JSON.parse(revoked.metadata)).toMatchObject({ reason: "inviter_left", inviterEmail: user.email });
    // The link they sent is dead.
    expect((await getInvitationByToken(tokenOf(pending.inviteUrl))).state).toBe("not_found");
    // What they wrote in team logs stays, with their email, no longer linked to an account.
    expect(await db.auditLog.count({ where: { actorEmail: user.email, actorId: null } })).toBeGreaterThanOrEqual(auditedByThem + 3);

    // Their keys belong to the teams: still there, with no creator, and still verifying.
    for (const key of [keyA, keyB]) {
      expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).toMatchObject({ createdById: null, revokedAt: null });
      expect(await verify(key.secret)).toMatchObject({ valid: true, code: "VALID" });
    }

    // Nobody else's data moved.
    expect(await snapshot(stays.user.id)).toEqual(staysBefore);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: staysKey.key.id } })).toMatchObject({ createdById: stays.user.id });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: theirs.invitationId } })).toMatchObject({ revokedAt: null, acceptedAt: null });
    expect(await db.membership.count({ where: { teamId: b.id, role: "owner" } })).toBe(1);
    expect(await db.membership.count({ where: { teamId: a.team.id, userId: a.members.owner.user.id } })).toBe(1);
    expect((await getInvitationByToken(tokenOf(theirs.inviteUrl))).state).toBe("valid");
  });
});
