import { describe, expect, it, vi } from "vitest";
import { hashPassword } from "../auth/password";
import { SignUpThrottle } from "../auth/sign-up-throttle";
import { createUser, signUpFrom } from "../auth/users";
import { db } from "../db";
import { inviteMember } from "../invitations/invite-member";
import { DbLimiter } from "../limits/db-limiter";
import { makeTeam } from "../testing/factories";
import { linkToken, meta, uniqueAddress, useTestMailbox } from "./email-test-helpers";

const mailbox = useTestMailbox();
const throttle = new SignUpThrottle({ limiter: new DbLimiter(), limits: { perHour: 10_000, perDay: 10_000 } });
const form = (email: string, name = "New Person") => ({ name, email, password: "a long enough password" });
const signUp = (input: ReturnType<typeof form>, invitationToken?: string) =>
  signUpFrom("198.51.100.20", input, throttle, { meta: meta("198.51.100.20"), waitForEmail: true, invitationToken });

describe("sign-up without account enumeration", () => {
  it("answers a new and a taken address with the same result, signs nobody in, and mails each address", async () => {
    const existing = await createUser({ name: "Already Here", email: uniqueAddress("taken"), password: "the owner's password" });
    const fresh = uniqueAddress("fresh");

    const forNew = await signUp(form(fresh));
    const forTaken = await signUp(form(existing.email.toUpperCase(), "Impostor"));
    expect(forNew).toEqual({ next: "check-email", email: fresh });
    expect(forTaken).toEqual({ next: "check-email", email: existing.email });
    // Nothing in the result differs but the address typed.
    expect(Object.keys(forNew)).toEqual(Object.keys(forTaken));

    // The new address gets a confirmation link…
    const confirm = await mailbox.waitFor(fresh, /verify-email/);
    expect(confirm.body).toContain("Confirm your email address");
    expect(linkToken(confirm, "verify-email")).toHaveLength(43);
    // …the existing account's owner a note, with no link that changes anything.
    const note = await mailbox.waitFor(existing.email);
    expect(note.body).toContain("Someone tried to create a Gatehouse account with");
    expect(note.body).toContain("/sign-in");
    expect(note.body).toContain("/forgot-password");
    expect(note.body).not.toMatch(/verify-email|reset-password\//);

    const created = await db.user.findUniqueOrThrow({ where: { email: fresh } });
    expect(created.emailVerifiedAt).toBeNull();
    const untouched = await db.user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(untouched.name).toBe("Already Here");
    expect(await db.user.count({ where: { email: existing.email } })).toBe(1);
    // Nobody was signed in.
    expect(await db.userSession.count({ where: { userId: { in: [created.id, existing.id] } } })).toBe(0);
    expect((await db.userAuditLog.findMany({ where: { userId: existing.id } })).map((r) => r.action)).toEqual(["email.sign_up_attempted"]);
  });

  it("hashes the password for a taken address too, so it takes about as long", async () => {
    const existing = await createUser({ name: "Timed", email: uniqueAddress("timed"), password: "the owner's password" });
    const hashes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await hashPassword("a long enough password");
      hashes.push(performance.now() - started);
    }
    const started = performance.now();
    await signUpFrom("198.51.100.21", form(existing.email), throttle, { meta: meta() });
    expect(performance.now() - started).toBeGreaterThan(0.8 * Math.min(...hashes));
  });

  it("tells the owner of a taken address at most 3 times a day", async () => {
    const existing = await createUser({ name: "Popular", email: uniqueAddress("popular"), password: "the owner's password" });
    for (let i = 0; i < 5; i++) await expect(signUp(form(existing.email))).resolves.toEqual({ next: "check-email", email: existing.email });
    expect(mailbox.to(existing.email)).toHaveLength(3);
    expect(await db.userAuditLog.count({ where: { userId: existing.id, action: "email.sign_up_attempted" } })).toBe(5);
  });

  it("signs in at once, confirmed, when the sign-up came from an invitation sent to that address", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const invitee = uniqueAddress("invitee");
    const { inviteUrl } = await inviteMember(members.owner.actor, { teamId: team.id, email: invitee, role: "developer" });
    const token = inviteUrl.split("/invite/")[1];

    // Another address than the invitation's proves nothing.
    const other = uniqueAddress("other");
    await expect(signUp(form(other), token)).resolves.toEqual({ next: "check-email", email: other });
    expect((await db.user.findUniqueOrThrow({ where: { email: other } })).emailVerifiedAt).toBeNull();

    const outcome = await signUp(form(invitee), token);
    expect(outcome).toMatchObject({ next: "signed-up", user: { email: invitee, name: "New Person" } });
    const user = await db.user.findUniqueOrThrow({ where: { email: invitee } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await db.userAuditLog.findFirst({ where: { userId: user.id, action: "email.verified" } })).toMatchObject({ details: JSON.stringify({ email: invitee, via: "invitation" }) });
    expect(mailbox.to(invitee).filter((m) => /verify-email/.test(m.body))).toHaveLength(0);

    // The address is now taken: even with the invitation, the answer is the generic one.
    await expect(signUp(form(invitee), token)).resolves.toEqual({ next: "check-email", email: invitee });
    // A made-up token is no invitation.
    const guessed = uniqueAddress("guessed");
    await expect(signUp(form(guessed), "A".repeat(43))).resolves.toEqual({ next: "check-email", email: guessed });
  });

  it("with REQUIRE_EMAIL_VERIFICATION=false signs up at once and says when an address is taken", async () => {
    vi.stubEnv("REQUIRE_EMAIL_VERIFICATION", "false");
    try {
      const email = uniqueAddress("closed");
      await expect(signUp(form(email))).resolves.toMatchObject({ next: "signed-up", user: { email } });
      await expect(signUp(form(email))).rejects.toMatchObject({ code: "CONFLICT" });
      expect(mailbox.to(email)).toHaveLength(0);
    } finally {
      vi.stubEnv("REQUIRE_EMAIL_VERIFICATION", "");
    }
  });
});
