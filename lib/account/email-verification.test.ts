import { describe, expect, it, vi } from "vitest";
import { signUpFrom } from "../auth/users";
import { SignUpThrottle } from "../auth/sign-up-throttle";
import { db } from "../db";
import { acceptInvitation } from "../invitations/accept-invitation";
import { inviteMember } from "../invitations/invite-member";
import { createApiKey } from "../keys/create";
import { DbLimiter } from "../limits/db-limiter";
import { createTeam } from "../teams/create-team";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { linkToken, meta, uniqueAddress, useTestMailbox } from "./email-test-helpers";
import { confirmEmailAddress, emailConfirmationOf, KEYS_NEED_CONFIRMED_EMAIL, resendVerificationEmail } from "./email-verification";

const mailbox = useTestMailbox();
const throttle = new SignUpThrottle({ limiter: new DbLimiter(), limits: { perHour: 10_000, perDay: 10_000 } });

/** A new account through sign-up, and the confirmation link it was sent. */
async function signedUp(who: string) {
  const email = uniqueAddress(who);
  await signUpFrom("198.51.100.30", { name: `${who} Tester`, email, password: "a long enough password" }, throttle, { meta: meta(), waitForEmail: true });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { user, actor: actorFor(user), token: linkToken(await mailbox.waitFor(email, /verify-email/), "verify-email") };
}

const key = (teamId: string, name = "CI") => ({ teamId, name, environment: "development" as const, expiry: "never" as const });

describe("email confirmation", () => {
  it("refuses key creation on the server until the address is confirmed, then allows it", async () => {
    const { user, actor, token } = await signedUp("keys");
    const team = await createTeam(actor, { name: "Unconfirmed Co" });
    await expect(createApiKey(actor, key(team.id))).rejects.toMatchObject({ code: "FORBIDDEN", message: KEYS_NEED_CONFIRMED_EMAIL });
    expect(await db.apiKey.count({ where: { teamId: team.id } })).toBe(0);
    expect(await emailConfirmationOf(user.id)).toMatchObject({ required: true, confirmed: false, email: user.email, mailLogged: false });

    await expect(confirmEmailAddress(token, meta())).resolves.toEqual({ email: user.email, alreadyConfirmed: false });
    await expect(createApiKey(actor, key(team.id))).resolves.toMatchObject({ key: { name: "CI" } });
    expect(await emailConfirmationOf(user.id)).toMatchObject({ confirmed: true });
    expect(await db.userAuditLog.findFirst({ where: { userId: user.id, action: "email.verified" } })).toMatchObject({
      details: JSON.stringify({ email: user.email, via: "link" }),
    });
  });

  it("a stranger to the team still hears 'not found', not about their address", async () => {
    const { actor } = await signedUp("stranger");
    const { team } = await makeTeam(["owner"]);
    await expect(createApiKey(actor, key(team.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("links work once and only the newest works; resending is throttled", async () => {
    const { user, actor, token: first } = await signedUp("resend");
    const before = mailbox.to(user.email).length;
    await expect(resendVerificationEmail(actor)).resolves.toEqual({ sent: true, email: user.email });
    const mails = mailbox.to(user.email);
    expect(mails).toHaveLength(before + 1);
    const second = linkToken(mails[mails.length - 1], "verify-email");
    await expect(confirmEmailAddress(first, meta())).resolves.toBeNull();
    await expect(confirmEmailAddress(second, meta())).resolves.toMatchObject({ alreadyConfirmed: false });
    await expect(confirmEmailAddress(second, meta())).resolves.toBeNull();
    // Confirmed: nothing more is sent.
    await expect(resendVerificationEmail(actor)).resolves.toEqual({ sent: false, email: user.email });

    const limiter = new DbLimiter();
    const { actor: eager } = await signedUp("eager");
    const now = Date.UTC(2026, 11, 1, 10, 0);
    for (let i = 0; i < 3; i++) await resendVerificationEmail(eager, { limiter, now });
    await expect(resendVerificationEmail(eager, { limiter, now })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "You've asked for several links already. Try again in 60 minutes.",
    });
  });

  it("accepting an invitation sent to the address confirms it", async () => {
    const { user, actor } = await signedUp("invited");
    const { team, members } = await makeTeam(["owner"]);
    const { inviteUrl } = await inviteMember(members.owner.actor, { teamId: team.id, email: user.email, role: "developer" });
    await acceptInvitation(actor, { token: inviteUrl.split("/invite/")[1] });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await db.userAuditLog.findFirst({ where: { userId: user.id, action: "email.verified" } })).toMatchObject({
      details: JSON.stringify({ email: user.email, via: "invitation" }),
    });
    // The confirmation link it had is no longer needed, and no longer works.
    expect(await db.accountToken.count({ where: { userId: user.id, purpose: "email_verify" } })).toBe(0);
    await expect(createApiKey(actor, key(team.id))).resolves.toBeDefined();
  });

  it("REQUIRE_EMAIL_VERIFICATION=false lets an unconfirmed account create keys and hides the banner", async () => {
    const user = await makeUser("closed", { confirmed: false });
    const team = await createTeam(actorFor(user), { name: "Closed Install" });
    vi.stubEnv("REQUIRE_EMAIL_VERIFICATION", "false");
    try {
      await expect(createApiKey(actorFor(user), key(team.id))).resolves.toBeDefined();
      expect(await emailConfirmationOf(user.id)).toMatchObject({ required: false, confirmed: false });
    } finally {
      vi.stubEnv("REQUIRE_EMAIL_VERIFICATION", "true");
    }
    await expect(createApiKey(actorFor(user), key(team.id, "Again"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
