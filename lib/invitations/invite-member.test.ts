import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { EMAIL_FAILED_MESSAGE, deliveryMessage } from "./deliver";
import { inviteMember } from "./invite-member";
import { auditRows, invitationRows, quietEmailLog, resetInvitationLimits, tokenOf } from "./test-helpers";
import { hashInvitationToken, INVITATION_TTL_MS } from "./token";

beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("inviteMember", () => {
  it("creates a 7-day invitation whose token is stored only as a sha256 hash", async () => {
    const { team, members } = await makeTeam();
    const before = Date.now();
    const result = await inviteMember(members.owner.actor, { teamId: team.id, email: "New.Person@Example.test", role: "developer", message: "Welcome!" });

    expect(result.email).toBe("new.person@example.test");
    expect(result.inviteUrl).toMatch(/^https:\/\/portal\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(result.inviteUrl);
    const [row] = await invitationRows(team.id);
    expect(row).toMatchObject({ email: "new.person@example.test", role: "developer", message: "Welcome!", invitedById: members.owner.user.id });
    expect(row.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - before).toBeGreaterThanOrEqual(INVITATION_TTL_MS - 1000);
    expect(row.expiresAt.getTime() - before).toBeLessThanOrEqual(INVITATION_TTL_MS + 5000);

    const [entry] = await auditRows(team.id, "member.invited");
    expect(entry).toMatchObject({ actorId: members.owner.user.id, targetType: "invitation", targetId: row.id, targetLabel: "new.person@example.test" });
    expect(JSON.parse(entry.metadata)).toEqual({ role: "developer" });
  });

  it("gives every invitation a different token", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const a = await inviteMember(members.owner.actor, { teamId: team.id, email: "a@example.test", role: "billing" });
    const b = await inviteMember(members.owner.actor, { teamId: team.id, email: "b@example.test", role: "billing" });
    expect(tokenOf(a.inviteUrl)).not.toBe(tokenOf(b.inviteUrl));
  });

  it("lets an owner invite an owner and an admin invite every role but owner", async () => {
    const { team, members } = await makeTeam();
    await inviteMember(members.owner.actor, { teamId: team.id, email: "o@example.test", role: "owner" });
    for (const role of ["admin", "developer", "billing"] as const) {
      await inviteMember(members.admin.actor, { teamId: team.id, email: `${role}@example.test`, role });
    }
    expect(await invitationRows(team.id)).toHaveLength(4);
  });

  it("refuses an admin inviting an owner, writing nothing", async () => {
    const { team, members } = await makeTeam();
    await expect(inviteMember(members.admin.actor, { teamId: team.id, email: "boss@example.test", role: "owner" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only owners can invite someone as an owner.",
    });
    expect(await invitationRows(team.id)).toHaveLength(0);
    expect(await auditRows(team.id)).toHaveLength(0);
  });

  it.each(["developer", "billing"] as const)("refuses a %s inviting anyone", async (role) => {
    const { team, members } = await makeTeam();
    await expect(inviteMember(members[role].actor, { teamId: team.id, email: "x@example.test", role: "billing" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await invitationRows(team.id)).toHaveLength(0);
  });

  it("tells a stranger the team does not exist", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(inviteMember(stranger, { teamId: team.id, email: "x@example.test", role: "billing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses inviting someone who is already a member, whatever the case of the address", async () => {
    const { team, members } = await makeTeam();
    const email = members.developer.user.email;
    await expect(inviteMember(members.owner.actor, { teamId: team.id, email: email.toUpperCase(), role: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${email} is already a member of this team.`,
    });
    expect(await invitationRows(team.id)).toHaveLength(0);
  });

  it("refuses a duplicate pending invitation and keeps a single row", async () => {
    const { team, members } = await makeTeam();
    await inviteMember(members.owner.actor, { teamId: team.id, email: "dup@example.test", role: "developer" });
    await expect(inviteMember(members.admin.actor, { teamId: team.id, email: "DUP@example.test", role: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "dup@example.test already has a pending invitation. Resend it instead.",
    });
    expect(await invitationRows(team.id, "dup@example.test")).toHaveLength(1);
    expect(await auditRows(team.id, "member.invited")).toHaveLength(1);
  });

  it("allows a fresh invitation once the old one expired, retiring the old one", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const first = await inviteMember(members.owner.actor, { teamId: team.id, email: "late@example.test", role: "developer" });
    await db.invitation.update({ where: { id: first.invitationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await inviteMember(members.owner.actor, { teamId: team.id, email: "late@example.test", role: "developer" });
    const rows = await invitationRows(team.id, "late@example.test");
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => !r.revokedAt)).toHaveLength(1);
    const audits = await auditRows(team.id, "member.invited");
    expect(audits.map((a) => JSON.parse(a.metadata))).toEqual(
      expect.arrayContaining([{ role: "developer" }, { role: "developer", supersededExpired: 1 }]),
    );
  });

  it("rejects an invalid address or an overlong message with field errors", async () => {
    const { team, members } = await makeTeam(["owner"]);
    await expect(inviteMember(members.owner.actor, { teamId: team.id, email: "not-an-email", role: "developer" })).rejects.toThrow(
      /valid email/,
    );
    await expect(
      inviteMember(members.owner.actor, { teamId: team.id, email: "ok@example.test", role: "developer", message: "x".repeat(501) }),
    ).rejects.toThrow(/500 characters/);
    expect(await invitationRows(team.id)).toHaveLength(0);
  });
});

describe("inviteMember email", () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp.close());

  it("emails the invitee the link, team, inviter, role, message and expiry through SMTP", async () => {
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    const { team, members } = await makeTeam(["owner"]);
    const result = await inviteMember(members.owner.actor, { teamId: team.id, email: "mail@example.test", role: "admin", message: "See you <there>" });
    expect(result.delivery).toBe("sent");

    const mail = smtp.messages.find((m) => m.to.includes("mail@example.test"))!;
    expect(mail).toBeDefined();
    expect(mail.body).toContain(result.inviteUrl);
    expect(mail.body).toContain(team.name);
    expect(mail.body).toContain(members.owner.user.name);
    expect(mail.body).toContain("Admin");
    expect(mail.body).toContain("See you <there>");
    expect(mail.body).toContain("See you &lt;there&gt;");
    expect(mail.body).toMatch(/expires on/);
  });

  it("keeps the invitation when the email cannot be sent, and says so", async () => {
    const refusing = await startTestSmtpServer({ rejectRecipients: true });
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(refusing.port));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { team, members } = await makeTeam(["owner"]);
      const result = await inviteMember(members.owner.actor, { teamId: team.id, email: "bounce@example.test", role: "billing" });
      expect(result.delivery).toBe("failed");
      expect(deliveryMessage(result.email, result.delivery)).toBe(EMAIL_FAILED_MESSAGE);
      expect(await invitationRows(team.id, "bounce@example.test")).toHaveLength(1);
      expect(await auditRows(team.id, "member.invited")).toHaveLength(1);
      expect(errors).toHaveBeenCalled();
    } finally {
      await refusing.close();
    }
  });

  it("logs the email with its link when SMTP is not configured", async () => {
    const log = vi.mocked(console.log);
    const { team, members } = await makeTeam(["owner"]);
    const result = await inviteMember(members.owner.actor, { teamId: team.id, email: "nolog@example.test", role: "billing" });
    expect(result.delivery).toBe("logged");
    expect(log.mock.calls.flat().join("\n")).toContain(result.inviteUrl);
  });
});
