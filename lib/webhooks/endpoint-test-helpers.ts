/** Shared by the endpoint management tests. */
import type { Actor } from "../actor";
import { makeTeam } from "../testing/factories";
import { createWebhookEndpoint } from "./create-endpoint";
import type { CreateWebhookEndpointInput } from "./schemas";

/** What the Admin API builds for a call made with an admin key created by `creator` (lib/actor.ts). */
export function adminKeyActor(creator: Actor, teamId: string, role: "admin" | "read-only" = "admin"): Actor {
  return { ...creator, adminKey: { id: "adminkey_test", name: "CI", role, teamId } };
}

/** A team with every role and one endpoint, added by its owner. */
export async function teamWithEndpoint(input: Partial<Omit<CreateWebhookEndpointInput, "teamId">> = {}) {
  const { team, members } = await makeTeam();
  const created = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: "https://hooks.example.test/gatehouse", ...input });
  return { team, members, endpoint: created.endpoint, secret: created.secret };
}
