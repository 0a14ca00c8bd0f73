import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeUser } from "../testing/factories";
import { adminKeyActor, teamWithEndpoint } from "./endpoint-test-helpers";
import { rotateWebhookSecret } from "./rotate-secret";
import { signingSecrets } from "./secrets";

const HOUR = 60 * 60 * 1000;
const later = (ms: number) => new Date(Date.now() + ms);

describe("rotateWebhookSecret", () => {
  it("signs with both secrets during the default 24-hour overlap, then with the new one only", async () => {
    const { team, members, endpoint, secret: first } = await teamWithEndpoint();
    const rotated = await rotateWebhookSecret(members.admin.actor, { teamId: team.id, endpointId: endpoint.id });
    expect(rotated.overlap).toBe("24h");
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(first);

    expect(await signingSecrets(db, endpoint.id, later(HOUR))).toEqual([rotated.secret, first]);
    expect(await signingSecrets(db, endpoint.id, later(23 * HOUR))).toEqual([rotated.secret, first]);
    expect(await signingSecrets(db, endpoint.id, later(25 * HOUR))).toEqual([rotated.secret]);
    expect(rotated.oldSecretsValidUntil.getTime() - Date.now()).toBeGreaterThan(24 * HOUR - 60_000);
  });

  it("with no overlap, the old secret stops signing at once", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const rotated = await rotateWebhookSecret(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, overlap: "none" });
    expect(await signingSecrets(db, endpoint.id, later(1))).toEqual([rotated.secret]);
  });

  it("a second rotation keeps the first overlap's earlier end and ends the middle secret after its own", async () => {
    const { team, members, endpoint, secret: first } = await teamWithEndpoint();
    const second = await rotateWebhookSecret(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, overlap: "1h" });
    const third = await rotateWebhookSecret(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, overlap: "7d" });
    expect(await signingSecrets(db, endpoint.id, later(30 * 60_000))).toEqual([third.secret, second.secret, first]);
    expect(await signingSecrets(db, endpoint.id, later(2 * HOUR))).toEqual([third.secret, second.secret]);
    expect(await signingSecrets(db, endpoint.id, later(8 * 24 * HOUR))).toEqual([third.secret]);
  });

  it("audits webhook.secret_rotated with the overlap and never a secret", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const rotated = await rotateWebhookSecret(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, overlap: "7d" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.secret_rotated" } });
    expect(audit).toMatchObject({ targetId: endpoint.id, actorId: members.owner.user.id });
    expect(JSON.parse(audit.metadata)).toEqual({ overlap: "7d", oldSecretsValidUntil: rotated.oldSecretsValidUntil.toISOString(), endedSecrets: 1 });
    expect(JSON.stringify(audit)).not.toContain(rotated.secret.slice(6));
  });

  it("refuses developers, billing viewers, admin keys and strangers, and an unknown overlap, leaving the secret alone", async () => {
    const { team, members, endpoint, secret } = await teamWithEndpoint();
    const input = { teamId: team.id, endpointId: endpoint.id, overlap: "1h" } as const;
    await expect(rotateWebhookSecret(members.developer.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(rotateWebhookSecret(members.billing.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(rotateWebhookSecret(adminKeyActor(members.owner.actor, team.id), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(rotateWebhookSecret(actorFor(await makeUser("stranger")), input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rotateWebhookSecret(members.owner.actor, { ...input, overlap: "1y" as never })).rejects.toMatchObject({
      fieldErrors: { overlap: "Choose how long the old secret keeps signing." },
    });
    expect(await signingSecrets(db, endpoint.id, later(365 * 24 * HOUR))).toEqual([secret]);
  });
});
