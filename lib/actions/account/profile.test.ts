/**
 * The account actions as exported, on the real database. Only Next's request
 * plumbing is replaced: `getServerSession` hands over the session id that a
 * signed-in browser's cookie would carry (or nothing, for a caller without a
 * cookie), and the request headers are fixed. Everything after that, the
 * session row lookup included, is the code the server runs.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NEW_PASSWORD, PASSWORD, anotherSession, signedInUser } from "@/lib/account/test-helpers";
import { authenticate, createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";

const cookie = vi.hoisted(() => ({ session: null as { sessionId: string } | null }));
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => cookie.session }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-real-ip": "198.51.100.23", "user-agent": "vitest browser" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { changePassword, deleteAccount, setPassword, updateProfile } = await import("./profile");

beforeAll(async () => {
  // The file's first account becomes the install's operator: one that is never deleted.
  await createUser({ name: "Install Operator", email: `operator-${Date.now()}@account.test`, password: PASSWORD });
});
beforeEach(() => {
  cookie.session = null;
});

async function signedIn(who: string, options?: Parameters<typeof signedInUser>[1]) {
  const account = await signedInUser(who, options);
  cookie.session = { sessionId: account.actor.sessionId };
  return account;
}

describe("account profile actions", () => {
  it("refuse a call without a session, whatever it sends, and change nothing", async () => {
    const { user } = await signedInUser("direct");
    cookie.session = null;
    const results = [
      await updateProfile({ name: "Hijacked" }),
      await changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      await setPassword({ newPassword: NEW_PASSWORD }),
      await deleteAccount({ password: PASSWORD }),
    ];
    for (const result of results) expect(result).toEqual({ ok: false, code: "UNAUTHENTICATED", error: "Your session has ended. Sign in again." });
    // A cookie whose session was signed out is no session either.
    cookie.session = { sessionId: "0".repeat(64) };
    expect(await updateProfile({ name: "Hijacked" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ name: user.name, passwordHash: expect.stringMatching(/^\$argon2id\$/) });
    expect(await db.userAuditLog.count({ where: { userId: user.id } })).toBe(0);
  });

  it("updateProfile renames the signed-in user, audited from this request's address", async () => {
    const { user } = await signedIn("rename");
    expect(await updateProfile({ name: "Grace Hopper" })).toEqual({ ok: true, data: { name: "Grace Hopper" }, message: "Name saved." });
    const entry = await db.userAuditLog.findFirstOrThrow({ where: { userId: user.id, action: "profile.updated" } });
    expect(entry).toMatchObject({ ip: "198.51.100.23", userAgent: "vitest browser" });
    expect(await updateProfile({ name: "x\ny" })).toMatchObject({ ok: false, code: "INVALID", fieldErrors: { name: expect.any(String) } });
  });

  it("changePassword keeps this browser signed in, signs out the others and says so", async () => {
    const { user, actor } = await signedIn("change");
    await anotherSession(user.id);
    expect(await changePassword({ currentPassword: "wrong password!", newPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { currentPassword: "That is not your current password." },
    });
    expect(await changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      data: { signedOut: 1 },
      message: "Password changed. Signed out 1 other session.",
    });
    expect((await db.userSession.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([actor.sessionId]);
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, "198.51.100.23")).resolves.toMatchObject({ id: user.id });
  });

  it("setPassword gives an SSO-only account a password", async () => {
    const { user } = await signedIn("sso", { sso: true });
    expect(await setPassword({ newPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    await expect(authenticate({ email: user.email, password: NEW_PASSWORD }, "198.51.100.23")).resolves.toMatchObject({ id: user.id });
  });

  it("deleteAccount deletes the signed-in user only, and the same cookie is then signed out", async () => {
    const bystander = await signedInUser("bystander");
    const { user } = await signedIn("leaver");
    expect(await deleteAccount({ password: PASSWORD })).toEqual({ ok: true, data: { email: user.email }, message: "Your account has been deleted." });
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: bystander.user.id } })).not.toBeNull();
    expect(await updateProfile({ name: "Back again" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });
});
