import { assertEmailConfirmed } from "../account/email-verification";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { recordAudit } from "../audit/record";
import { requireMembership } from "../membership";
import { assertPolicyFitsTeam, OPEN_POLICY, policyColumns, type KeyPolicy } from "../policy/stored-policy";
import { teamIdOf } from "../validation";
import { generateKey, hashKey, visibleParts, type Environment } from "./format";
import { findKeySummary, type ApiKeySummary } from "./queries";
import { createApiKeySchema, parseInput, type CreateApiKeyInput } from "./schemas";
import { expiryFrom } from "./status";

/** A freshly minted key: `secret` exists only in this value and is never stored. */
export type CreatedApiKey = { key: ApiKeySummary; secret: string };

/** Stores only the hash and the visible parts of a new secret; returns the row and the secret. */
export async function insertKey(
  tx: Tx,
  data: {
    teamId: string;
    name: string;
    environment: Environment;
    expiresAt: Date | null;
    createdById: string;
    /** Made through the Admin API: the admin key that asked (createdById is then the key's creator). */
    createdByAdminKeyId?: string | null;
    policy?: KeyPolicy;
  },
) {
  const { policy = OPEN_POLICY, ...fields } = data;
  const secret = generateKey(data.environment);
  const { prefix, last4 } = visibleParts(secret);
  const row = await tx.apiKey.create({ data: { ...fields, ...policyColumns(policy), prefix, last4, hash: hashKey(secret) } });
  return { row, secret };
}

export function keyLabel(key: { name: string; prefix: string; last4: string }): string {
  return `${key.name} (${key.prefix}…${key.last4})`;
}

export async function createApiKey(actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  return db.$transaction(async (tx) => {
    // Membership before validation: strangers learn nothing, not even which fields are wrong.
    await requireMembership(tx, actor, teamIdOf(input), "keys.create");
    // A key is a credential that outlives the session: only for an account whose owner proved the address.
    await assertEmailConfirmed(tx, actor.userId);
    const { teamId, name, environment, expiry, customDate, policy = OPEN_POLICY } = parseInput(createApiKeySchema, input);
    const now = new Date();
    const expiresAt = expiryFrom(expiry, now, customDate);
    await assertPolicyFitsTeam(tx, teamId, policy);

    const { row, secret } = await insertKey(tx, {
      teamId,
      name,
      environment,
      expiresAt,
      createdById: actor.userId,
      createdByAdminKeyId: actor.adminKey?.id ?? null,
      policy,
    });
    await recordAudit(tx, actor, {
      teamId,
      action: "key.created",
      targetType: "key",
      targetId: row.id,
      targetLabel: keyLabel(row),
      metadata: { name, environment, expiresAt: expiresAt?.toISOString() ?? null, prefix: row.prefix, policy },
    });
    return { key: await findKeySummary(tx, teamId, row.id, now), secret };
  });
}
