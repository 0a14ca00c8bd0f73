import { describe, expect, it } from "vitest";
import { can, ROLES, type Permission } from "@/lib/permissions";
import { abilitiesOf, summarizeRoleChange } from "./role-abilities";

describe("role abilities", () => {
  it("lists, for every role, exactly the permissions the role table gives it", () => {
    for (const role of ROLES) {
      for (const { permission } of abilitiesOf(role)) expect(can(role, permission)).toBe(true);
    }
    expect(abilitiesOf("billing").map((a) => a.permission)).toEqual<Permission[]>(["members.read", "keys.read", "usage.read"]);
    expect(abilitiesOf("owner").some((a) => a.permission === "team.delete")).toBe(true);
    expect(abilitiesOf("admin").some((a) => a.permission === "team.delete")).toBe(false);
    expect(abilitiesOf("admin").find((a) => a.permission === "team.budget")?.text).toMatch(/budget alerts/);
    expect(abilitiesOf("developer").some((a) => a.permission === "team.budget")).toBe(false);
  });

  it("does not repeat what a broader permission already says", () => {
    const admin = abilitiesOf("admin").map((a) => a.permission);
    expect(admin).toContain("keys.manageAny");
    expect(admin).not.toContain("keys.manageOwn");
    expect(abilitiesOf("developer").map((a) => a.permission)).toContain("keys.manageOwn");
  });

  it("says what an admin may not do to owners", () => {
    const admin = abilitiesOf("admin").find((a) => a.permission === "members.updateRole");
    const owner = abilitiesOf("owner").find((a) => a.permission === "members.updateRole");
    expect(admin?.text).toMatch(/aren't owners/);
    expect(owner?.text).toMatch(/owners included/);
    expect(abilitiesOf("admin").find((a) => a.permission === "members.invite")?.text).toMatch(/up to Admin$/);
  });

  it("marks what a promotion adds and what a demotion takes away", () => {
    const up = summarizeRoleChange("billing", "developer");
    expect(up.promotion).toBe(true);
    expect(up.lost).toEqual([]);
    expect(up.allowed.filter((a) => a.added).map((a) => a.permission)).toEqual<Permission[]>(["keys.create", "keys.manageOwn"]);

    const down = summarizeRoleChange("owner", "admin");
    expect(down.promotion).toBe(false);
    expect(down.allowed.every((a) => !a.added)).toBe(true);
    expect(down.lost.map((a) => a.permission)).toEqual<Permission[]>(["team.delete", "team.requireTwoFactor", "members.invite", "members.updateRole", "members.remove"]);
  });
});
