/**
 * The data the API fuzz runs against: a team with members, invites, API keys, usage and
 * audit entries, admin keys of both roles, a service token, and a stranger team whose ids
 * must never be found. `topUp()` adds fresh rows before each operation, since the fuzz
 * deletes and revokes what it finds. The pools name real values by the parameter or body
 * field that takes them (lib/openapi/fuzz/send.ts resolves `{ $seed: name }` from them).
 */
import { createAdminKey } from "../../admin-api/testing/start-admin-api";
import { createServiceToken, createTestKey, type TestApi } from "../../api/test-helpers";
import { inviteMember } from "../../invitations/invite-member";
import { generateInvitationToken, hashInvitationToken, newExpiry } from "../../invitations/token";
import { createApiKey } from "../../keys/create";
import { makeTeam, makeUser } from "../../testing/factories";
import { db } from "../../db";
import type { FuzzContext } from "./send";

/** The secret with its last checksum character changed. */
const tampered = (secret: string) => secret.slice(0, -1) + (secret.endsWith("x") ? "y" : "x");

const MODELS = ["claude-sonnet-5", "claude-haiku-4-5", "not-in-the-catalogue"];

export async function seedFuzzData(api: TestApi) {
  const { team, members } = await makeTeam(["owner", "admin", "developer", "billing"]);
  const stranger = await makeTeam(["owner", "developer"]);
  const owner = members.owner.actor;
  // Keys of the owner: an admin key cannot demote or remove an owner, so the fuzz cannot lock itself out.
  const admin = await createAdminKey(team.id, members.owner.user.id, "admin", { name: "Fuzz admin" });
  const readOnly = await createAdminKey(team.id, members.owner.user.id, "read-only", { name: "Fuzz reader" });
  const revoked = await createAdminKey(team.id, members.owner.user.id, "admin", { name: "Fuzz revoked", revokedAt: new Date(Date.now() - 60_000) });
  const strangerKey = await createAdminKey(stranger.team.id, stranger.members.owner.user.id, "admin", { name: "Stranger" });
  const revokedToken = await createServiceToken("Fuzz revoked backend", { revokedAt: new Date(Date.now() - 60_000) });

  const pools = {
    user_id: [] as string[],
    invite_id: [] as string[],
    api_key_id: [] as string[],
    email: [] as string[],
    key: [] as string[],
    token: [] as string[],
    model: MODELS,
    models: MODELS,
    allowed_models: MODELS,
    // Values the handlers check beyond what the document says (an address, a positive limit, a recent time).
    ip: ["203.0.113.7", "2001:db8::1", "10.0.0.1"],
    ip_allowlist: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"],
    rpm_limit: [1, 60, 100_000],
    tpm_limit: [1, 50_000],
    monthly_budget_usd: ["25", "12.50", 0.5],
    timestamp: [new Date(Date.now() - 3_600_000).toISOString(), Date.now() - 60_000],
    starting_at: [new Date(Date.now() - 7 * 86_400_000).toISOString(), new Date(Date.now() - 3_600_000).toISOString()],
    created_by_user_id: [] as string[],
    actor_id: [admin.id, readOnly.id] as string[],
    api_key_ids: [] as string[],
    keyId: [] as string[],
    before_id: [] as string[],
    after_id: [] as string[],
  };
  const addIds = (kind: "user_id" | "invite_id" | "api_key_id", ...ids: string[]) => {
    pools[kind].push(...ids);
    pools.before_id.push(...ids);
    pools.after_id.push(...ids);
    if (kind === "user_id") {
      pools.created_by_user_id.push(...ids);
      pools.actor_id.push(...ids);
    }
    if (kind === "api_key_id") {
      pools.api_key_ids.push(...ids);
      pools.keyId.push(...ids);
    }
  };
  addIds("user_id", ...Object.values(members).map((m) => m.user.id), stranger.members.developer.user.id);
  pools.email.push(...Object.values(members).map((m) => m.user.email), stranger.members.developer.user.email);
  const strangerKeyRow = await createTestKey(stranger.team.id, { name: "Stranger's key" });
  addIds("api_key_id", strangerKeyRow.key.id);
  pools.key.push(strangerKeyRow.secret, "gk_live_notAKeyAtAll", "sk-ant-api03-something");
  pools.token.push(...pools.key);

  const invited = await inviteMember(owner, { teamId: team.id, email: `invitee-${Date.now().toString(36)}@example.test`, role: "billing", message: "Welcome" });
  addIds("invite_id", invited.invitationId);
  pools.email.push(invited.email);

  let round = 0;
  /** Fresh members, an invite and keys (one with usage), so every operation finds live rows. */
  async function topUp() {
    round++;
    for (const role of ["developer", "billing"] as const) {
      const user = await makeUser(`fuzz${role}`);
      await db.membership.create({ data: { teamId: team.id, userId: user.id, role } });
      addIds("user_id", user.id);
      pools.email.push(user.email);
    }
    // Straight into the database: the service's sending limits would refuse a long run's worth.
    const email = `invitee-${round}-${Date.now().toString(36)}@example.test`;
    const invite = await db.invitation.create({
      data: { teamId: team.id, email, role: "developer", tokenHash: hashInvitationToken(generateInvitationToken()), invitedById: members.owner.user.id, expiresAt: newExpiry() },
    });
    addIds("invite_id", invite.id);
    pools.email.push(email);
    const made = await createApiKey(owner, { teamId: team.id, name: `Fuzz key ${round}`, environment: "production", expiry: "never" });
    const plain = await createTestKey(team.id, { environment: "development", name: `Fuzz dev key ${round}` });
    addIds("api_key_id", made.key.id, plain.key.id);
    pools.key.push(made.secret, plain.secret);
    pools.token.push(made.secret);
    const events = MODELS.map((model, i) => ({ keyId: made.key.id, status: 200, latencyMs: 100 + i, model, inputTokens: 1000, outputTokens: 200 }));
    const res = await api.post("/api/v1/usage", { events });
    if (res.status !== 202) throw new Error(`seeding usage failed: ${res.status} ${await res.text()}`);
    await api.flush();
  }
  await topUp();

  const context: FuzzContext = {
    pools,
    credentials: {
      // The admin key three times in four: a read-only key is refused every change before its input is looked at.
      AdminKey: { valid: [admin.secret, admin.secret, admin.secret, readOnly.secret], wrong: [revoked.secret, "gk_admin_notAKey", "", tampered(strangerKey.secret)] },
      ServiceToken: { valid: [api.serviceToken.secret], wrong: [revokedToken.secret, "gks_notAToken", ""] },
    },
  };
  return { team, stranger, context, topUp };
}
