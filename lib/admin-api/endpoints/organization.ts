import { z } from "zod";
import { db } from "../../db";
import { requireMembership } from "../../membership";
import { AppError } from "../../errors";
import { defineEndpoint, type AdminEndpoint } from "../define";

export const organizationSchema = z
  .object({
    id: z.string(),
    type: z.literal("organization"),
    name: z.string(),
    slug: z.string(),
    created_at: z.string().meta({ description: "RFC 3339." }),
  })
  .meta({
    id: "Organization",
    description: "The team the admin key belongs to.",
    example: { id: "cmf1a2b3c0000team", type: "organization", name: "Acme", slug: "acme", created_at: "2026-01-05T10:00:00.000Z" },
  });

export const organizationEndpoints: AdminEndpoint[] = [
  defineEndpoint({
    method: "GET",
    path: "/v1/organizations/me",
    operationId: "getOrganization",
    summary: "Get the organization",
    description: "The team (organization) of the admin key making the call.",
    tag: "Organization",
    readOnly: true,
    response: organizationSchema,
    async handler({ actor, teamId }) {
      await requireMembership(db, actor, teamId);
      const team = await db.team.findUnique({ where: { id: teamId } });
      if (!team) throw new AppError("NOT_FOUND", "Organization not found.");
      return { id: team.id, type: "organization" as const, name: team.name, slug: team.slug, created_at: team.createdAt.toISOString() };
    },
  }),
];
