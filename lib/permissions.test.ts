import { describe, expect, it } from "vitest";
import { assignableRoles, can, canAssignRole, canManageMember, PERMISSIONS, ROLES } from "./permissions";

describe("permission table", () => {
  it("matches PRODUCT.md for every role", () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, Object.keys(PERMISSIONS).filter((p) => can(r, p as never))]));
    expect(table.billing).toEqual(["members.read", "keys.read", "usage.read"]);
    expect(table.developer).toEqual(["members.read", "keys.create", "keys.manageOwn", "keys.read", "usage.read"]);
    expect(table.admin).not.toContain("team.delete");
    expect(table.admin).toContain("team.budget");
    expect(ROLES.filter((r) => can(r, "team.budget"))).toEqual(["owner", "admin"]);
    expect(table.owner).toEqual(Object.keys(PERMISSIONS));
  });

  it("never lets anyone assign a role above their own", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "developer", "billing"]);
    expect(canAssignRole("admin", "owner")).toBe(false);
    expect(canAssignRole("admin", "admin")).toBe(true);
    expect(assignableRoles("developer")).toEqual([]);
    expect(assignableRoles("billing")).toEqual([]);
  });

  it("lets admins manage only non-owners", () => {
    expect(canManageMember("admin", "owner")).toBe(false);
    expect(canManageMember("admin", "developer")).toBe(true);
    expect(canManageMember("owner", "owner")).toBe(true);
    expect(canManageMember("developer", "billing")).toBe(false);
  });
});
