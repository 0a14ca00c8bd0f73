import { z } from "zod";
import { emailSchema } from "../../auth/schemas";
import { db } from "../../db";
import { AppError } from "../../errors";
import { changeMemberRole } from "../../members/change-member-role";
import { listMembers, type MemberRow } from "../../members/list-members";
import { removeMember } from "../../members/remove-member";
import { ROLES } from "../../permissions";
import { idSchema } from "../../validation";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { listQuery, pageSchema, paginateArray } from "../pagination";

export const userSchema = z
  .object({
    id: z.string(),
    type: z.literal("user"),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    added_at: z.iso.datetime().meta({ description: "When they joined the organization (RFC 3339)." }),
  })
  .meta({
    id: "User",
    description: "A member of the organization.",
    example: { id: "cmf1a2b3c0000user", type: "user", email: "alex@example.com", name: "Alex Kim", role: "developer", added_at: "2026-01-05T10:00:00.000Z" },
  });

const userParams = z.object({ user_id: idSchema("user").meta({ description: "The user's id." }) });
const NOT_FOUND = "User not found.";

function userObject(row: { userId: string; email: string; name: string; role: (typeof ROLES)[number]; joinedAt: Date }) {
  return { id: row.userId, type: "user" as const, email: row.email, name: row.name, role: row.role, added_at: row.joinedAt.toISOString() };
}

/** Members newest first (the Admin API's order), whatever order the console lists them in. */
async function members(actor: Parameters<typeof listMembers>[0], teamId: string): Promise<MemberRow[]> {
  const rows = await listMembers(actor, teamId);
  return rows.sort((a, b) => b.joinedAt.getTime() - a.joinedAt.getTime() || (a.userId < b.userId ? 1 : -1));
}

async function membershipOf(teamId: string, userId: string) {
  const row = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { id: true, createdAt: true } });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return row;
}

export const usersEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/users",
    operationId: "listUsers",
    summary: "List users",
    description: "Members of the organization, newest first. Filter by `email`.",
    tag: "Users",
    readOnly: true,
    query: listQuery({ email: emailSchema.optional().meta({ description: "Only the member with this address." }) }),
    response: pageSchema(userSchema, "UserList", "A page of users."),
    async handler({ actor, teamId, query }) {
      const rows = (await members(actor, teamId)).filter((row) => !query.email || row.email === query.email);
      return paginateArray(rows.map(userObject), query);
    },
  }),
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/users/{user_id}",
    operationId: "getUser",
    summary: "Get a user",
    tag: "Users",
    readOnly: true,
    params: userParams,
    response: userSchema,
    async handler({ actor, teamId, params }) {
      const row = (await listMembers(actor, teamId)).find((member) => member.userId === params.user_id);
      if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
      return userObject(row);
    },
  }),
  defineEndpoint({
    method: "POST",
    path: "/v1/organizations/users/{user_id}",
    operationId: "updateUser",
    summary: "Change a user's role",
    description:
      "The console's rules apply: an admin key acts as a team admin, so it cannot change an owner's role or make anyone an owner, and the last owner always stays.",
    tag: "Users",
    params: userParams,
    body: z
      .object({ role: z.enum(ROLES, { error: `Must be one of ${ROLES.join(", ")}.` }).meta({ description: "The new role." }) })
      .strict()
      .meta({ id: "UpdateUserRequest", example: { role: "admin" } }),
    response: userSchema,
    async handler({ actor, teamId, params, body }) {
      const membership = await membershipOf(teamId, params.user_id);
      const result = await changeMemberRole(actor, { teamId, membershipId: membership.id, role: body.role });
      return userObject({ userId: params.user_id, email: result.email, name: result.name, role: result.to, joinedAt: membership.createdAt });
    },
  }),
  defineEndpoint({
    method: "DELETE",
    path: "/v1/organizations/users/{user_id}",
    operationId: "removeUser",
    summary: "Remove a user",
    description: "Removes the member from the organization (an admin key cannot remove an owner). Their pending invitations are revoked with them.",
    tag: "Users",
    params: userParams,
    response: z
      .object({ id: z.string(), type: z.literal("user_deleted") })
      .meta({ id: "UserDeleted", example: { id: "cmf1a2b3c0000user", type: "user_deleted" } }),
    async handler({ actor, teamId, params }) {
      const membership = await membershipOf(teamId, params.user_id);
      await removeMember(actor, { teamId, membershipId: membership.id });
      return { id: params.user_id, type: "user_deleted" as const };
    },
  }),
];
