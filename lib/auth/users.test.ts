import { describe, expect, it } from "vitest";
import { db } from "../db";
import { authenticate, createUser, INVALID_CREDENTIALS } from "./users";

/**
 * Runs `write` while another request's transaction is open and then rolls
 * back. SQLite has one connection here: a write that does not queue for the
 * transaction lock lands inside the other transaction and vanishes with it.
 */
async function duringRolledBackTransaction(write: () => Promise<unknown>): Promise<void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const other = db
    .$transaction(async (tx) => {
      await tx.user.count();
      await gate;
      throw new Error("rolled back");
    })
    .catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const pending = write();
  // A write that waits its turn cannot finish while the transaction is open: end it after a while.
  await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1500))]);
  release();
  await other;
  await pending;
}

describe("createUser", () => {
  it("keeps the account when another request's transaction rolls back meanwhile", async () => {
    await duringRolledBackTransaction(() => createUser({ name: "Racer", email: "racer@example.test", password: "a long secret phrase" }));
    expect(await db.user.count({ where: { email: "racer@example.test" } })).toBe(1);
  });

  it("stores an argon2id hash, never the password", async () => {
    const password = "a long secret phrase";
    const user = await createUser({ name: " Ada Lovelace ", email: " Ada@Example.TEST ", password });
    expect(user).toMatchObject({ name: "Ada Lovelace", email: "ada@example.test" });

    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    await createUser({ name: "First", email: "dup@example.test", password: "first password" });
    await expect(createUser({ name: "Second", email: "DUP@example.test", password: "second password" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: expect.any(String) },
    });
    expect(await db.user.count({ where: { email: "dup@example.test" } })).toBe(1);
  });

  it("rejects a short password", async () => {
    await expect(createUser({ name: "Short", email: "short@example.test", password: "123" })).rejects.toThrow();
    expect(await db.user.count({ where: { email: "short@example.test" } })).toBe(0);
  });
});

describe("authenticate", () => {
  it("signs in with the right password, ignoring the email's case and spaces", async () => {
    const user = await createUser({ name: "Grace", email: "grace@example.test", password: "cobol forever" });
    await expect(authenticate({ email: " GRACE@example.test", password: "cobol forever" }, "10.1.0.1")).resolves.toEqual({ ...user, twoFactor: false });
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await createUser({ name: "Linus", email: "linus@example.test", password: "penguins rule" });
    // Both in flight at once, settled together (a rejection left unawaited meanwhile would be "unhandled").
    const [wrong, unknown] = await Promise.allSettled([
      authenticate({ email: "linus@example.test", password: "penguins drool" }, "10.1.0.2"),
      authenticate({ email: "nobody@example.test", password: "penguins rule" }, "10.1.0.2"),
    ]);
    expect(wrong).toMatchObject({ status: "rejected", reason: { code: "UNAUTHENTICATED", message: INVALID_CREDENTIALS } });
    expect(unknown).toMatchObject({ status: "rejected", reason: { code: "UNAUTHENTICATED", message: INVALID_CREDENTIALS } });
    expect(INVALID_CREDENTIALS).toBe("Incorrect email or password.");
  });

  it("answers malformed input with the same message", async () => {
    await expect(authenticate({ email: "not-an-email", password: "" }, "10.1.0.3")).rejects.toMatchObject({ message: INVALID_CREDENTIALS });
    await expect(authenticate(undefined, "10.1.0.3")).rejects.toMatchObject({ message: INVALID_CREDENTIALS });
  });
});
