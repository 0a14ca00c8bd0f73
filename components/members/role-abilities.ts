import {
  assignableRoles,
  canManageMember,
  PERMISSIONS,
  ROLE_LABELS,
  roleRank,
  type Permission,
  type Role,
} from "@/lib/permissions";

/**
 * Words for what each permission of the role table lets a member do. Which
 * role has which permission comes from lib/permissions.ts alone; this only
 * names them (typed against the table, so a new permission needs words here).
 */
const ABILITY_TEXT: Record<Permission, string | ((role: Role) => string)> = {
  "team.update": "Rename the team and edit its description",
  "team.delete": "Delete the team",
  "team.requireTwoFactor": "Require two-factor authentication for every member",
  "team.budget": "Set the team's monthly budget and who gets budget alerts",
  "members.read": "See members and pending invitations",
  "members.invite": (role) => `Invite people, with roles up to ${ROLE_LABELS[assignableRoles(role)[0]]}`,
  "invitations.manage": "Resend and revoke invitations",
  "members.updateRole": (role) =>
    canManageMember(role, "owner") ? "Change anyone's role, owners included" : "Change the roles of members who aren't owners",
  "members.remove": (role) => (canManageMember(role, "owner") ? "Remove any member" : "Remove members who aren't owners"),
  "keys.create": "Create API keys",
  "keys.manageAny": "Rotate and revoke anyone's API keys and change their policies",
  "keys.manageOwn": "Rotate and revoke their own API keys and change their policies",
  "keys.read": "See API keys (never their secrets)",
  "usage.read": "Read usage and cost",
  "audit.read": "Read the audit log",
  "adminKeys.manage": "Create and revoke admin keys for the Admin API",
  "webhooks.manage": "Manage webhook endpoints",
};

/** A permission that says nothing more once another one is held. */
const IMPLIED_BY: Partial<Record<Permission, Permission>> = { "keys.manageOwn": "keys.manageAny" };

export type Ability = { permission: Permission; text: string };

/** What `role` may do, in the order of the role table. */
export function abilitiesOf(role: Role): Ability[] {
  const held = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));
  return held
    .filter((p) => {
      const by = IMPLIED_BY[p];
      return !by || !held.includes(by);
    })
    .map((permission) => {
      const text = ABILITY_TEXT[permission];
      return { permission, text: typeof text === "function" ? text(role) : text };
    });
}

export type RoleChangeSummary = {
  promotion: boolean;
  /** Everything the new role allows; `added` marks what a promotion adds. */
  allowed: Array<Ability & { added: boolean }>;
  /** What a demotion takes away. */
  lost: Ability[];
};

export function summarizeRoleChange(from: Role, to: Role): RoleChangeSummary {
  const before = abilitiesOf(from);
  const after = abilitiesOf(to);
  const promotion = roleRank(to) > roleRank(from);
  const had = new Set(before.map((a) => a.text));
  const will = new Set(after.map((a) => a.text));
  return {
    promotion,
    allowed: after.map((a) => ({ ...a, added: promotion && !had.has(a.text) })),
    lost: promotion ? [] : before.filter((a) => !will.has(a.text)),
  };
}
