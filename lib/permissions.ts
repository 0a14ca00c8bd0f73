/**
 * The one role table. Server functions call `assertPermission`; the UI uses
 * `can` only to hide or disable controls (and say why).
 */
export const ROLES = ["owner", "admin", "developer", "billing"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  developer: "Developer",
  billing: "Billing viewer",
};

/** Higher number, more power. */
const RANK: Record<Role, number> = { owner: 4, admin: 3, developer: 2, billing: 1 };

export const PERMISSIONS = {
  "team.update": ["owner", "admin"],
  "team.delete": ["owner"],
  "team.requireTwoFactor": ["owner"],
  "team.budget": ["owner", "admin"],
  "members.read": ["owner", "admin", "developer", "billing"],
  "members.invite": ["owner", "admin"],
  "invitations.manage": ["owner", "admin"],
  "members.updateRole": ["owner", "admin"],
  "members.remove": ["owner", "admin"],
  "keys.create": ["owner", "admin", "developer"],
  "keys.manageAny": ["owner", "admin"],
  "keys.manageOwn": ["owner", "admin", "developer"],
  "keys.read": ["owner", "admin", "developer", "billing"],
  "usage.read": ["owner", "admin", "developer", "billing"],
  "audit.read": ["owner", "admin"],
  "adminKeys.manage": ["owner", "admin"],
  "webhooks.manage": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What a `read-only` admin key may do: read what an admin reads, change nothing. */
const READ_ONLY_PERMISSIONS: readonly Permission[] = ["members.read", "keys.read", "usage.read", "audit.read"];

/**
 * Whether an admin key of `keyRole` may do `permission`. An `admin` key acts as a team
 * admin (never as an owner, whoever created it); admin keys and webhooks are managed only
 * by people in the console, never by a key.
 */
export function adminKeyCan(keyRole: "admin" | "read-only", permission: Permission): boolean {
  if (permission === "adminKeys.manage" || permission === "webhooks.manage") return false;
  if (keyRole === "read-only") return READ_ONLY_PERMISSIONS.includes(permission);
  return can("admin", permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function roleRank(role: Role): number {
  return RANK[role];
}

/** Roles an actor may hand out (invite with, or change someone to). */
export function assignableRoles(actor: Role): Role[] {
  if (actor === "owner") return [...ROLES];
  if (actor === "admin") return ROLES.filter((r) => r !== "owner");
  return [];
}

export function canAssignRole(actor: Role, role: Role): boolean {
  return assignableRoles(actor).includes(role);
}

/** Whether `actor` may change the role of, or remove, a member who has `target`. */
export function canManageMember(actor: Role, target: Role): boolean {
  if (actor === "owner") return true;
  if (actor === "admin") return target !== "owner";
  return false;
}
