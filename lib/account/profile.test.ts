import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTeam } from "../teams/create-team";
import { makeTeam } from "../testing/factories";
import { CONTROL_CHARACTER_MESSAGE } from "../validation";
import { RECENT_SIGN_IN_MS } from "./confirm-identity";
import { accountSettings, updateProfile } from "./profile";
import { actionsOf, signedInUser } from "./test-helpers";

const error = (attempt: Promise<unknown>) => attempt.then(() => null, (e: { code: string; fieldErrors?: Record<string, string> }) => e);
const nameOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).name;

describe("updateProfile", () => {
  it("changes the caller's name, trimmed, and audits the name before and after", async () => {
    const { user, actor } = await signedInUser("renamer");
    const other = await signedInUser("neighbour");
    await expect(updateProfile(actor, { name: "  Ada Lovelace " })).resolves.toEqual({ name: "Ada Lovelace", changed: true });
    expect(await nameOf(user.id)).toBe("Ada Lovelace");
    expect(await nameOf(other.user.id)).toBe(other.user.name);
    expect(await actionsOf(user.id)).toEqual([{ action: "profile.updated", details: { before: { name: user.name }, after: { name: "Ada Lovelace" } } }]);
    expect(await actionsOf(other.user.id)).toEqual([]);
  });

  it("saves nothing and audits nothing when the name is the same", async () => {
    const { user, actor } = await signedInUser("same");
    await expect(updateProfile(actor, { name: user.name })).resolves.toEqual({ name: user.name, changed: false });
    expect(await actionsOf(user.id)).toEqual([]);
  });

  it("holds the name to sign-up's rules", async () => {
    const { user, actor } = await signedInUser("rules");
    for (const [name, message] of [
      ["", "Enter your name."],
      ["   ", "Enter your name."],
      ["x".repeat(101), "Keep your name under 100 characters."],
      ["Ada\nAdmin", CONTROL_CHARACTER_MESSAGE],
      ["Ada \u202Enimda", CONTROL_CHARACTER_MESSAGE],
    ] as const) {
      expect(await error(updateProfile(actor, { name }))).toMatchObject({ code: "INVALID", fieldErrors: { name: message } });
    }
    expect(await error(updateProfile(actor, {}))).toMatchObject({ code: "INVALID", fieldErrors: { name: expect.any(String) } });
    expect(await nameOf(user.id)).toBe(user.name);
  });

  it("refuses a caller whose account is gone", async () => {
    const { user, actor } = await signedInUser("gone");
    await db.user.delete({ where: { id: user.id } });
    expect(await error(updateProfile(actor, { name: "Ghost" }))).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("accountSettings", () => {
  it("says whether the account has a password, signed in recently, and which teams it alone owns", async () => {
    const { user, actor } = await signedInUser("settings");
    const solo = await createTeam(actor, { name: "Solo Team" });
    const shared = await makeTeam(["owner"]);
    await db.membership.create({ data: { teamId: shared.team.id, userId: user.id, role: "owner" } });
    const member = await makeTeam(["owner"]);
    await db.membership.create({ data: { teamId: member.team.id, userId: user.id, role: "developer" } });

    expect(await accountSettings(actor)).toEqual({
      name: user.name,
      email: user.email,
      hasPassword: true,
      signedInRecently: true,
      soleOwnerOf: [{ id: solo.id, name: "Solo Team", slug: solo.slug }],
      soleOperator: false,
    });
    expect((await accountSettings(actor, Date.now() + RECENT_SIGN_IN_MS + 1000)).signedInRecently).toBe(false);

    const sso = await signedInUser("sso", { sso: true });
    expect(await accountSettings(sso.actor)).toMatchObject({ hasPassword: false, soleOwnerOf: [] });
  });
});
