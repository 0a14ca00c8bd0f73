import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { requireMembership } from "../membership";
import { parseInput, teamIdOf } from "../validation";
import { SECRET_OVERLAP_MS, type SecretOverlap } from "./constants";
import { endpointLabel, findEndpointRow } from "./endpoint-summary";
import { rotateWebhookSecretSchema, type RotateWebhookSecretInput } from "./schemas";
import { addWebhookSecret } from "./secrets";

export type RotatedWebhookSecret = {
  endpointId: string;
  /** The new secret, shown once; it signs every delivery from now on. */
  secret: string;
  overlap: SecretOverlap;
  /** Until when the older secrets sign too (now, for `none`). */
  oldSecretsValidUntil: Date;
};

/**
 * Adds a new signing secret and ends the older live ones after the overlap: until then
 * every delivery carries a signature per live secret (lib/webhooks/secrets.ts), so a
 * receiver can switch to the new secret without missing a beat. A secret already due to
 * end sooner (an earlier rotation's overlap) keeps its earlier end.
 */
export async function rotateWebhookSecret(actor: Actor, input: RotateWebhookSecretInput): Promise<RotatedWebhookSecret> {
  return db.$transaction(async (tx) => {
    await requireMembership(tx, actor, teamIdOf(input), "webhooks.manage");
    const { teamId, endpointId, overlap } = parseInput(rotateWebhookSecretSchema, input);
    const row = await findEndpointRow(tx, teamId, endpointId);

    const now = new Date();
    const until = new Date(now.getTime() + SECRET_OVERLAP_MS[overlap]);
    const { count: ended } = await tx.webhookSecret.updateMany({
      where: { endpointId: row.id, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] },
      data: { expiresAt: until },
    });
    // Created a moment later than `now`, so it is the newest secret even on a coarse clock.
    const secret = await addWebhookSecret(tx, row.id, new Date(now.getTime() + 1));
    await recordAudit(tx, actor, {
      teamId,
      action: "webhook.secret_rotated",
      targetType: "webhook",
      targetId: row.id,
      targetLabel: endpointLabel(row),
      metadata: { overlap, oldSecretsValidUntil: until.toISOString(), endedSecrets: ended },
    });
    return { endpointId: row.id, secret, overlap, oldSecretsValidUntil: until };
  });
}
