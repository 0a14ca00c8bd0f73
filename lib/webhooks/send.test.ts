import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createApiKey } from "../keys/create";
import { revokeApiKey } from "../keys/revoke";
import { MemoryLimiter } from "../limits/memory-limiter";
import { actorFor, makeUser } from "../testing/factories";
import { SENDS_PER_MINUTE } from "./constants";
import { createWebhookEndpoint } from "./create-endpoint";
import { getDelivery, listDeliveries } from "./delivery-queries";
import { adminKeyActor, teamWithEndpoint } from "./endpoint-test-helpers";
import { enqueueWebhookEvent } from "./outbox";
import { resendDelivery, sendTestEvent } from "./send";
import { updateWebhookEndpoint } from "./update-endpoint";

const limiter = () => ({ limiter: new MemoryLimiter() });

describe("sendTestEvent", () => {
  it("queues a webhook.test event, due now, to that endpoint only, whatever it subscribes to", async () => {
    const { team, members, endpoint } = await teamWithEndpoint({ events: ["member.left"] });
    const other = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: "https://other.example.test/" });
    const before = Date.now();
    const sent = await sendTestEvent(members.admin.actor, { teamId: team.id, endpointId: endpoint.id }, limiter());

    const deliveries = await db.webhookDelivery.findMany({ where: { eventId: sent.eventId }, include: { event: true } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ id: sent.deliveryId, endpointId: endpoint.id, status: "pending", attempts: 0 });
    expect(deliveries[0].nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(deliveries[0].nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const payload = JSON.parse(deliveries[0].event.payload);
    expect(payload).toMatchObject({ type: "webhook.test", data: { team_id: team.id, endpoint_id: endpoint.id, actor: { type: "user", id: members.admin.user.id } } });
    expect(await db.webhookDelivery.count({ where: { endpointId: other.endpoint.id } })).toBe(0);
  });

  it("is refused for a disabled endpoint", async () => {
    const { team, members, endpoint } = await teamWithEndpoint({ enabled: false });
    await expect(sendTestEvent(members.owner.actor, { teamId: team.id, endpointId: endpoint.id }, limiter())).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This endpoint is disabled. Enable it first, then send.",
    });
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });

  it(`allows ${SENDS_PER_MINUTE} sends a minute per endpoint, then says when to try again`, async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    // One instant for every call: the minute's window cannot turn over halfway through.
    const options = { ...limiter(), now: new Date() };
    const ref = { teamId: team.id, endpointId: endpoint.id };
    for (let i = 0; i < SENDS_PER_MINUTE; i++) await sendTestEvent(i % 2 ? members.owner.actor : members.admin.actor, ref, options);
    await expect(sendTestEvent(members.owner.actor, ref, options)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Try again in \d+ seconds?\./),
    });
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(SENDS_PER_MINUTE);
    // Another endpoint has its own allowance.
    const other = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: "https://other.example.test/" });
    await expect(sendTestEvent(members.owner.actor, { teamId: team.id, endpointId: other.endpoint.id }, options)).resolves.toBeTruthy();
  });

  it("refuses developers, billing viewers, admin keys and strangers without using up the allowance", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const options = { limiter: new MemoryLimiter() };
    const ref = { teamId: team.id, endpointId: endpoint.id };
    for (let i = 0; i < SENDS_PER_MINUTE; i++) {
      await expect(sendTestEvent(members.developer.actor, ref, options)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(sendTestEvent(members.billing.actor, ref, options)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(sendTestEvent(adminKeyActor(members.owner.actor, team.id), ref, options)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(sendTestEvent(actorFor(await makeUser("stranger")), ref, options)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sendTestEvent(members.owner.actor, ref, options)).resolves.toBeTruthy();
  });
});

describe("resendDelivery", () => {
  it("creates a new delivery of the same event, due now; the old row keeps its history", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", {}))!;
    const old = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    const failedAt = new Date(Date.now() - 60_000);
    await db.webhookDelivery.update({
      where: { id: old.id },
      data: { status: "failed", attempts: 12, lastAttemptAt: failedAt, lastStatusCode: 503, lastError: "HTTP 503" },
    });

    const resent = await resendDelivery(members.owner.actor, { teamId: team.id, deliveryId: old.id }, limiter());
    expect(resent).toMatchObject({ eventId: event.id, endpointId: endpoint.id });
    expect(resent.deliveryId).not.toBe(old.id);
    const fresh = await db.webhookDelivery.findUniqueOrThrow({ where: { id: resent.deliveryId } });
    expect(fresh).toMatchObject({ status: "pending", attempts: 0, lastStatusCode: null, lastAttemptAt: null });
    expect(fresh.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "failed", attempts: 12, lastStatusCode: 503 });

    const page = await listDeliveries(members.owner.actor, { teamId: team.id, endpointId: endpoint.id });
    expect(page.deliveries.map((d) => d.id)).toEqual([resent.deliveryId, old.id]);
  });

  it("is refused for a disabled endpoint, and for another team's delivery", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", {}))!;
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    await updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, enabled: false });
    await expect(resendDelivery(members.owner.actor, { teamId: team.id, deliveryId: delivery.id }, limiter())).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const other = await teamWithEndpoint();
    await expect(
      resendDelivery(other.members.owner.actor, { teamId: other.team.id, deliveryId: delivery.id }, limiter()),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Delivery not found." });
    expect(await db.webhookDelivery.count({ where: { eventId: event.id } })).toBe(1);
  });

  it("refuses developers, billing viewers and admin keys", async () => {
    const { team, members } = await teamWithEndpoint();
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", {}))!;
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    const ref = { teamId: team.id, deliveryId: delivery.id };
    await expect(resendDelivery(members.developer.actor, ref, limiter())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resendDelivery(members.billing.actor, ref, limiter())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resendDelivery(adminKeyActor(members.owner.actor, team.id), ref, limiter())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("listDeliveries and getDelivery", () => {
  it("page newest first, 25 at a time, and filter by status", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", {}))!;
    const start = Date.now() - 60 * 60_000;
    for (let i = 0; i < 29; i++) {
      await db.webhookDelivery.create({
        data: { eventId: event.id, endpointId: endpoint.id, teamId: team.id, status: i % 2 ? "succeeded" : "failed", createdAt: new Date(start + i * 1000) },
      });
    }
    const ref = { teamId: team.id, endpointId: endpoint.id };
    const first = await listDeliveries(members.admin.actor, ref);
    expect(first.deliveries).toHaveLength(25);
    expect(first.deliveries[0].status).toBe("pending");
    const times = first.deliveries.map((d) => d.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await listDeliveries(members.admin.actor, { ...ref, cursor: first.nextCursor! });
    expect(second.deliveries).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.deliveries, ...second.deliveries].map((d) => d.id)).size).toBe(30);

    const failed = await listDeliveries(members.admin.actor, { ...ref, status: "failed" });
    expect(failed.deliveries).toHaveLength(15);
    expect(failed.deliveries.every((d) => d.status === "failed" && d.nextAttemptAt === null)).toBe(true);
    expect(await listDeliveries(members.admin.actor, { ...ref, cursor: "unknown" })).toEqual({ deliveries: [], nextCursor: null });
    await expect(listDeliveries(members.admin.actor, { ...ref, status: "lost" as never })).rejects.toMatchObject({
      fieldErrors: { status: "Unknown delivery status." },
    });
  });

  it("a delivery's detail has the payload and the headers it was sent with, never a secret", async () => {
    const { team, members, endpoint, secret } = await teamWithEndpoint();
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", { member: { id: "m1" } }))!;
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    const ref = { teamId: team.id, deliveryId: delivery.id };
    expect((await getDelivery(members.owner.actor, ref)).requestHeaders).toBeNull();

    const at = new Date("2026-12-01T10:00:00.000Z");
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "succeeded", attempts: 1, lastAttemptAt: at, lastStatusCode: 200, lastDurationMs: 42, deliveredAt: at },
    });
    const detail = await getDelivery(members.owner.actor, ref);
    expect(detail).toMatchObject({ endpointId: endpoint.id, eventType: "member.joined", status: "succeeded", lastStatusCode: 200, lastDurationMs: 42 });
    expect(JSON.parse(detail.payload)).toMatchObject({ type: "member.joined", data: { team_id: team.id, member: { id: "m1" } } });
    expect(detail.requestHeaders).toMatchObject({ "webhook-id": event.id, "webhook-timestamp": String(at.getTime() / 1000) });
    expect(JSON.stringify(detail)).not.toContain(secret.slice(6));

    for (const actor of [members.developer.actor, members.billing.actor, adminKeyActor(members.owner.actor, team.id)]) {
      await expect(getDelivery(actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listDeliveries(actor, { teamId: team.id, endpointId: endpoint.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const stranger = actorFor(await makeUser("stranger"));
    await expect(getDelivery(stranger, ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("audited key changes", () => {
  it("queue deliveries only for the team's enabled endpoints that subscribe to the event", async () => {
    const { team, members, endpoint: all } = await teamWithEndpoint({ events: [] });
    const owner = members.owner.actor;
    const created = await createWebhookEndpoint(owner, { teamId: team.id, url: "https://a.example.test/", events: ["api_key.created"] });
    const revoked = await createWebhookEndpoint(owner, { teamId: team.id, url: "https://b.example.test/", events: ["api_key.revoked"] });
    const off = await createWebhookEndpoint(owner, { teamId: team.id, url: "https://c.example.test/", enabled: false });
    const elsewhere = await teamWithEndpoint();

    const { key } = await createApiKey(members.developer.actor, { teamId: team.id, name: "svc", environment: "production", expiry: "never" });
    const byEndpoint = async (type: string) =>
      (await db.webhookDelivery.findMany({ where: { teamId: team.id, event: { type } }, select: { endpointId: true } })).map((d) => d.endpointId).sort();
    expect(await byEndpoint("api_key.created")).toEqual([all.id, created.endpoint.id].sort());

    await revokeApiKey(owner, { teamId: team.id, keyId: key.id });
    expect(await byEndpoint("api_key.revoked")).toEqual([all.id, revoked.endpoint.id].sort());
    expect(await db.webhookDelivery.count({ where: { endpointId: off.endpoint.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: elsewhere.endpoint.id } })).toBe(0);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { teamId: team.id, type: "api_key.revoked" } });
    expect(JSON.parse(event.payload)).toMatchObject({ data: { team_id: team.id, target: { type: "key", id: key.id } } });
  });
});
