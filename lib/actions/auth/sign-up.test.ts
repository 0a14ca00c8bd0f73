import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUp } from "./sign-up";

// The action reads the client address from the request, so creating accounts is tested
// through signUpFrom (lib/auth/sign-up-throttle.test.ts); here, what it answers before that.
describe("signUp action", () => {
  it("returns a message per invalid field and creates nothing", async () => {
    const result = await signUp({ name: "", email: "nope", password: "short" });
    expect(result).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { name: "Enter your name.", email: "Enter a valid email address.", password: "Use at least 10 characters." },
    });
    expect(await db.user.count({ where: { email: "nope" } })).toBe(0);
  });

  it("reads form data the same way", async () => {
    const form = new FormData();
    form.set("name", "Form User");
    form.set("email", "Form@Example.test");
    form.set("password", "short");
    expect(await signUp(form)).toMatchObject({ ok: false, code: "INVALID", fieldErrors: { password: "Use at least 10 characters." } });
  });
});
