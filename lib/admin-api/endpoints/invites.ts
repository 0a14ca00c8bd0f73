import { z } from "zod";
import type { Invitation } from "../../generated/prisma/client";
import { emailSchema } from "../../auth/schemas";
import { db } from "../../db";
import { AppError } from "../../errors";
import { inviteMember } from "../../invitations/invite-member";
import { revokeInvitation } from "../../invitations/revoke-invitation";
import { MESSAGE_MAX } from "../../invitations/schemas";
import { requireMembership } from "../../membership";
import { ROLES, type Role } from "../../permissions";
import { idSchema, multiLineText } from "../../validation";
import { defineEndpoint, type AdminEndpoint } from "../define";
import { listQuery, pageSchema, paginate } from "../pagination";

export const INVITE_STATUSES = ["pending", "accepted", "expired", "deleted"] as const;
type InviteStatus = (typeof INVITE_STATUSES)[number];

export const inviteSchema = z
  .object({
    id: z.string(),
    type: z.literal("invite"),
    email: z.string(),
    role: z.enum(ROLES),
    message: z.string().meta({ description: "The inviter's note quoted in the email (\"\" for none)." }),
    invited_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    status: z.enum(INVITE_STATUSES).meta({ description: "`deleted`: revoked (or superseded by a newer invitation)." }),
  })
  .meta({
    id: "Invite",
    description: "An invitation to join the organization, sent by email.",
    example: {
      id: "cmf1a2b3c0000invt",
      type: "invite",
      email: "sam@example.com",
      role: "developer",
      message: "",
      invited_at: "2026-01-05T10:00:00.000Z",
      expires_at: "2026-01-12T10:00:00.000Z",
      status: "pending",
    },
  });

const inviteParams = z.object({ invite_id: idSchema("invite").meta({ description: "The invite's id." }) });
const NOT_FOUND = "Invite not found.";

function statusOf(row: Invitation, now: Date): InviteStatus {
  if (row.revokedAt) return "deleted";
  if (row.acceptedAt) return "accepted";
  return row.expiresAt <= now ? "expired" : "pending";
}

function statusWhere(status: InviteStatus, now: Date) {
  if (status === "deleted") return { revokedAt: { not: null } };
  if (status === "accepted") return { revokedAt: null, acceptedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, acceptedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, acceptedAt: null, expiresAt: { gt: now } };
}

function inviteObject(row: Invitation, now = new Date()) {
  return {
    id: row.id,
    type: "invite" as const,
    email: row.email,
    role: row.role as Role,
    message: row.message,
    invited_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    status: statusOf(row, now),
  };
}

async function findInvite(teamId: string, id: string): Promise<Invitation> {
  const row = await db.invitation.findFirst({ where: { id, teamId } });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return row;
}

export const invitesEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "POST",
    path: "/v1/organizations/invites",
    operationId: "createInvite",
    summary: "Invite someone",
    description:
      "Sends the invitation email, as the console does. An admin key invites as a team admin: not as an owner. Someone already a member, or with a pending invite, is refused (409); the console's sending limits apply (429).",
    tag: "Invites",
    body: z
      .object({
        email: emailSchema.meta({ description: "Who to invite." }),
        role: z.enum(ROLES, { error: `Must be one of ${ROLES.join(", ")}.` }).meta({ description: "Their role once they accept." }),
        message: multiLineText({ max: MESSAGE_MAX, maxMessage: `Keep the message under ${MESSAGE_MAX} characters.` })
          .optional()
          .meta({ description: "A note quoted in the email." }),
      })
      .strict()
      .meta({ id: "CreateInviteRequest", example: { email: "sam@example.com", role: "developer", message: "Welcome aboard!" } }),
    response: inviteSchema,
    async handler({ actor, teamId, body }) {
      const issued = await inviteMember(actor, { teamId, email: body.email, role: body.role, message: body.message ?? "" });
      return inviteObject(await findInvite(teamId, issued.invitationId));
    },
  }),
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/invites",
    operationId: "listInvites",
    summary: "List invites",
    description: "Newest first; pending invites unless `status` says otherwise.",
    tag: "Invites",
    readOnly: true,
    query: listQuery({ status: z.enum(INVITE_STATUSES).default("pending").meta({ description: "Which invites (default pending)." }) }),
    response: pageSchema(inviteSchema, "InviteList", "A page of invites."),
    async handler({ actor, teamId, query }) {
      await requireMembership(db, actor, teamId, "members.read");
      const now = new Date();
      return paginate(db.invitation, { teamId, ...statusWhere(query.status, now) }, query, (row: Invitation) => inviteObject(row, now));
    },
  }),
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/invites/{invite_id}",
    operationId: "getInvite",
    summary: "Get an invite",
    tag: "Invites",
    readOnly: true,
    params: inviteParams,
    response: inviteSchema,
    async handler({ actor, teamId, params }) {
      await requireMembership(db, actor, teamId, "members.read");
      return inviteObject(await findInvite(teamId, params.invite_id));
    },
  }),
  defineEndpoint({
    method: "DELETE",
    path: "/v1/organizations/invites/{invite_id}",
    operationId: "deleteInvite",
    summary: "Delete (revoke) an invite",
    description: "The link stops working at once. Deleting twice is harmless; an accepted invite cannot be deleted (409).",
    tag: "Invites",
    params: inviteParams,
    response: z
      .object({ id: z.string(), type: z.literal("invite_deleted") })
      .meta({ id: "InviteDeleted", example: { id: "cmf1a2b3c0000invt", type: "invite_deleted" } }),
    async handler({ actor, teamId, params }) {
      await findInvite(teamId, params.invite_id);
      const result = await revokeInvitation(actor, { teamId, invitationId: params.invite_id });
      return { id: result.invitationId, type: "invite_deleted" as const };
    },
  }),
];
