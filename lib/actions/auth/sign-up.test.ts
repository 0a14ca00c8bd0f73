import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUp } from "./sign-up";

describe("signUp action", () => {
  it("creates the account from form data", async () => {
    const form = new FormData();
    form.set("name", "Form User");
    form.set("email", "Form@Example.test");
    form.set("password", "long enough password");
    await expect(signUp(form)).resolves.toEqual({ ok: true, data: { email: "form@example.test" }, message: "Account created." });
    expect(await db.user.count({ where: { email: "form@example.test" } })).toBe(1);
  });

  it("returns a message per invalid field and creates nothing", async () => {
    const result = await signUp({ name: "", email: "nope", password: "short" });
    expect(result).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { name: "Enter your name.", email: "Enter a valid email address.", password: "Use at least 10 characters." },
    });
    expect(await db.user.count({ where: { email: "nope" } })).toBe(0);
  });

  it("tells a returning user the email is taken, on the email field", async () => {
    await signUp({ name: "First", email: "taken@example.test", password: "long enough password" });
    const result = await signUp({ name: "Second", email: "taken@example.test", password: "another long password" });
    expect(result).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { email: expect.stringContaining("already exists") } });
  });
});
