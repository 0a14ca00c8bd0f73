/**
 * Invitation invariants under concurrent requests: one pending invitation per
 * address per team, and an invitation is used (or revoked) once. SQLite runs
 * transactions one at a time, so this file's teeth are in the PostgreSQL pass
 * (READ COMMITTED), where each request's checks ran before the other's write
 * was committed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { isAppError } from "../errors";
import { MemoryLimiter } from "../limits/memory-limiter";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { acceptInvitation } from "./accept-invitation";
import { inviteMember, type InvitationCallOptions } from "./invite-member";
import { INVITATION_LIMITS, type InvitationLimits } from "./limits";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { auditRows, quietEmailLog, tokenOf } from "./test-helpers";
import { pendingWhere } from "./rules";

beforeEach(() => {
  quietEmailLog();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** The email limits are not under test here: every parallel request gets through them to the write. */
function unlimited(): InvitationCallOptions {
  const limits = Object.fromEntries(
    Object.entries(INVITATION_LIMITS).map(([name, rule]) => [name, { ...rule, limit: 1_000_000 }]),
  ) as InvitationLimits;
  return { limiter: new MemoryLimiter(), limits };
}

function split<T>(settled: PromiseSettledResult<T>[]) {
  const fulfilled = settled.filter((s): s is PromiseFulfilledResult<T> => s.status === "fulfilled").map((s) => s.value);
  const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected").map((s) => s.reason);
  return { fulfilled, rejected };
}

const pendingFor = (teamId: string, email: string) => db.invitation.count({ where: { teamId, email, ...pendingWhere(new Date()) } });

describe("one pending invitation per address per team", () => {
  it("10 parallel invitations of one address (by two inviters) make one invitation; the rest are told it is pending", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const options = unlimited();
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        inviteMember(i % 2 ? members.admin.actor : members.owner.actor, { teamId: team.id, email: "dup@example.test", role: "developer" }, options),
      ),
    );
    const { fulfilled, rejected } = split(settled);
    expect(await pendingFor(team.id, "dup@example.test")).toBe(1);
    expect(await db.invitation.count({ where: { teamId: team.id } })).toBe(1);
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((e) => e.code)).toEqual(Array(9).fill("CONFLICT"));
    expect(await auditRows(team.id, "member.invited")).toHaveLength(1);
  });

  it("resending an expired invitation while the address is invited anew leaves one pending invitation", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const options = unlimited();
    const emails = Array.from({ length: 6 }, (_, i) => `late-${i}@example.test`);
    const expired = await Promise.all(
      emails.map(async (email) => {
        const issued = await inviteMember(members.owner.actor, { teamId: team.id, email, role: "billing" }, options);
        await db.invitation.update({ where: { id: issued.invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
        return issued;
      }),
    );
    const outcomes = await Promise.all(
      expired.map((issued) =>
        Promise.allSettled([
          resendInvitation(members.admin.actor, { teamId: team.id, invitationId: issued.invitationId }, options),
          inviteMember(members.owner.actor, { teamId: team.id, email: issued.email, role: "billing" }, options),
        ]),
      ),
    );
    for (const [i, settled] of outcomes.entries()) {
      expect(await pendingFor(team.id, emails[i])).toBe(1);
      const { fulfilled, rejected } = split(settled);
      expect(fulfilled).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ code: "CONFLICT" });
    }
  });
});

describe("an invitation is used once", () => {
  async function invitation() {
    const t = await makeTeam(["owner", "admin"]);
    const user = await makeUser("invitee");
    const issued = await inviteMember(t.members.owner.actor, { teamId: t.team.id, email: user.email, role: "developer" }, unlimited());
    return { ...t, user, actor: actorFor(user), token: tokenOf(issued.inviteUrl), invitationId: issued.invitationId };
  }

  it("5 parallel accepts (several tabs, a double click): one joins, the others hear it was used", async () => {
    const { team, user, actor, token } = await invitation();
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => acceptInvitation(actor, { token })));
    const { fulfilled, rejected } = split(settled);
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]).toMatchObject({ role: "developer", alreadyMember: false });
    expect(rejected).toHaveLength(4);
    for (const error of rejected) expect(error).toMatchObject({ code: "CONFLICT", message: "This invitation has already been used." });
    expect(await db.membership.count({ where: { teamId: team.id, userId: user.id } })).toBe(1);
    expect(await auditRows(team.id, "member.joined")).toHaveLength(1);
  });

  it("accepting while an admin revokes: the invitation ends either used or revoked, never both", async () => {
    const rounds = await Promise.all(Array.from({ length: 6 }, invitation));
    const outcomes = await Promise.all(
      rounds.map((r) =>
        Promise.allSettled([
          acceptInvitation(r.actor, { token: r.token }),
          revokeInvitation(r.members.admin.actor, { teamId: r.team.id, invitationId: r.invitationId }),
        ]),
      ),
    );
    for (const [i, [accept, revoke]] of outcomes.entries()) {
      const { team, user, invitationId } = rounds[i];
      const row = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
      const joined = await db.membership.count({ where: { teamId: team.id, userId: user.id } });
      const revokedAudits = await db.auditLog.count({ where: { teamId: team.id, action: "invitation.revoked", targetId: invitationId } });
      if (accept.status === "fulfilled") {
        expect(revoke.status).toBe("rejected");
        expect(row).toMatchObject({ revokedAt: null });
        expect(joined).toBe(1);
        expect(revokedAudits).toBe(0);
      } else {
        expect(revoke.status).toBe("fulfilled");
        expect(row).toMatchObject({ acceptedAt: null });
        expect(joined).toBe(0);
        expect(revokedAudits).toBe(1);
      }
      for (const s of [accept, revoke]) if (s.status === "rejected") expect(isAppError(s.reason), String(s.reason)).toBe(true);
    }
  });
});
