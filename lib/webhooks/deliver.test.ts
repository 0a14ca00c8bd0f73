import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { webhookDeliveries } from "../metrics/registry";
import { deliveryOf, endpointAt, LOOPBACK_CONFIG, queueEvent, quietLog } from "./delivery-test-helpers";
import { addWebhookSecret } from "./secrets";
import type { Lookup } from "./ssrf";
import { startTestReceiver, type TestReceiver } from "./test-receiver";
import { deliverDueWebhooks, type WebhookWorkerOptions } from "./worker";

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(() => receiver.close());

const run = (options: Partial<WebhookWorkerOptions> = {}) => deliverDueWebhooks({ config: LOOPBACK_CONFIG, log: quietLog(), ...options });
const receiptsOf = (eventId: string) => receiver.receipts.filter((r) => r.headers["webhook-id"] === eventId);
const counted = async (result: string) => (await webhookDeliveries.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

describe("delivering a webhook", () => {
  it("POSTs the stored payload, signed so that standardwebhooks verifies it, and records the success", async () => {
    receiver.answerWith(() => 204);
    const { endpoint, secret, teamId } = await endpointAt(receiver.url("/hooks/a?via=test"), { failureStreak: 3, failingSince: new Date(Date.now() - 60_000) });
    const eventId = await queueEvent(teamId);
    const succeededBefore = await counted("succeeded");

    expect(await run()).toMatchObject({ claimed: 1, succeeded: 1 });

    const [receipt] = receiptsOf(eventId);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(receipt.path).toBe("/hooks/a?via=test");
    expect(receipt.body).toBe(event.payload);
    expect(receipt.headers["content-type"]).toBe("application/json");
    expect(receipt.headers["user-agent"]).toBe("Gatehouse-Webhooks/1");
    expect(new Webhook(secret).verify(receipt.body, receipt.headers)).toMatchObject({ type: "api_key.created", data: { team_id: teamId, note: "test" } });

    const delivery = await deliveryOf(eventId);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 204, lastError: "" });
    expect(delivery.deliveredAt).not.toBeNull();
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ failureStreak: 0, failingSince: null });
    expect(await counted("succeeded")).toBe(succeededBefore + 1);
    // Done: nothing is sent again.
    expect(await run()).toEqual({ claimed: 0 });
    expect(receiptsOf(eventId)).toHaveLength(1);
  });

  it("signs with the old and the new secret during a rotation's overlap, and with the new one only after it", async () => {
    receiver.answerWith(() => 200);
    const { endpoint, secret: old, teamId } = await endpointAt(receiver.url());
    const oldRow = await db.webhookSecret.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    // A rotation: a new secret, and the old one kept for an overlap.
    const fresh = await addWebhookSecret(db, endpoint.id);
    await db.webhookSecret.update({ where: { id: oldRow.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });

    const during = await queueEvent(teamId);
    await run();
    const [first] = receiptsOf(during);
    expect(first.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(fresh).verify(first.body, first.headers)).not.toThrow();
    expect(() => new Webhook(old).verify(first.body, first.headers)).not.toThrow();

    // The overlap ends.
    await db.webhookSecret.update({ where: { id: oldRow.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await queueEvent(teamId);
    await run();
    const [second] = receiptsOf(after);
    expect(second.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(() => new Webhook(fresh).verify(second.body, second.headers)).not.toThrow();
    expect(() => new Webhook(old).verify(second.body, second.headers)).toThrow(/No matching signature/);
  });

  it("retries a receiver that answered 500 about 5 s later, with the same id, and counts both attempts", async () => {
    // 500 the first time an event arrives, 200 after.
    receiver.answerWith((r) => (receiptsOf(r.headers["webhook-id"]).length > 1 ? 200 : 500));
    const { endpoint, teamId } = await endpointAt(receiver.url());
    const t0 = new Date();
    const eventId = await queueEvent(teamId, t0);

    expect(await run({ now: () => t0 })).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await deliveryOf(eventId);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const wait = failed.nextAttemptAt.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(4000);
    expect(wait).toBeLessThanOrEqual(6000);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ failureStreak: 1, failingSince: t0 });

    // Not yet due a second before; due at its time.
    expect(await run({ now: () => new Date(failed.nextAttemptAt.getTime() - 1000) })).toEqual({ claimed: 0 });
    expect(await run({ now: () => failed.nextAttemptAt })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await deliveryOf(eventId)).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200, lastError: "" });
    expect(receiptsOf(eventId)).toHaveLength(2);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ failureStreak: 0, failingSince: null });
  });

  it("stops waiting for a receiver that does not answer in time, and retries it later", async () => {
    receiver.answerWith(() => "hang");
    const { teamId } = await endpointAt(receiver.url("/slow"));
    const eventId = await queueEvent(teamId);
    expect(await run({ timeoutMs: 200 })).toMatchObject({ failed: 1 });
    expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "timed out after 0.2 s" });
  });

  it("does not follow a redirect: a 3xx is a failure and its target gets nothing", async () => {
    receiver.answerWith((r) => (r.path === "/moved" ? { status: 308, headers: { location: "/elsewhere" } } : 200));
    const { teamId } = await endpointAt(receiver.url("/moved"));
    const eventId = await queueEvent(teamId);
    await run();
    expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", lastStatusCode: 308, lastError: "HTTP 308: redirects are not followed" });
    expect(receiptsOf(eventId).map((r) => r.path)).toEqual(["/moved"]);
  });

  it("says the connection was refused when nothing listens", async () => {
    const closed = await startTestReceiver();
    await closed.close();
    const { teamId } = await endpointAt(closed.url());
    const eventId = await queueEvent(teamId);
    await run();
    expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", lastError: "connection refused" });
  });

  it("does not send the deliveries of an endpoint that was disabled after they were queued", async () => {
    receiver.answerWith(() => 200);
    const { endpoint, teamId } = await endpointAt(receiver.url());
    const eventId = await queueEvent(teamId);
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false, disabledReason: "manual" } });
    expect(await run()).toMatchObject({ cancelled: 1 });
    expect(await deliveryOf(eventId)).toMatchObject({ status: "cancelled", attempts: 0 });
    expect(receiptsOf(eventId)).toHaveLength(0);
  });
});

describe("refusing private addresses (unless the operator allows them)", () => {
  const strict = { ...LOOPBACK_CONFIG, allowPrivateNetworks: false };

  it.each([
    ["http://127.0.0.1:{port}/hooks", "refused: loopback address"],
    ["http://10.0.0.1/hooks", "refused: private address"],
    ["http://[::1]:{port}/hooks", "refused: loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "refused: link-local address"],
    ["http://localhost:{port}/hooks", "refused: loopback address"],
    ["http://[::ffff:127.0.0.1]:{port}/hooks", "refused: loopback address"],
  ])("refuses %s before connecting", async (pattern, error) => {
    receiver.answerWith(() => 200);
    const { teamId } = await endpointAt(pattern.replace("{port}", String(receiver.port)));
    const eventId = await queueEvent(teamId);
    const refusedBefore = await counted("refused");
    expect(await run({ config: strict })).toMatchObject({ refused: 1 });
    expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: error });
    expect(receiptsOf(eventId)).toHaveLength(0);
    expect(await counted("refused")).toBe(refusedBefore + 1);
  });

  it("refuses a host name whose DNS answer is loopback, and connects to the checked address when allowed", async () => {
    receiver.answerWith(() => 200);
    const lookup: Lookup = async () => [{ address: "127.0.0.1", family: 4 }];
    const { teamId } = await endpointAt(`http://hooks.example.test:${receiver.port}/dns`);
    const eventId = await queueEvent(teamId);
    await run({ config: strict, lookup });
    expect(await deliveryOf(eventId)).toMatchObject({ lastError: "refused: loopback address" });
    expect(receiptsOf(eventId)).toHaveLength(0);

    // Allowed: the request goes to the address that was checked, with the URL's host name in Host.
    await db.webhookDelivery.updateMany({ where: { eventId }, data: { nextAttemptAt: new Date() } });
    await run({ lookup });
    expect(await deliveryOf(eventId)).toMatchObject({ status: "succeeded" });
    expect(receiptsOf(eventId)[0].headers.host).toBe(`hooks.example.test:${receiver.port}`);
  });

  it("refuses http:// when only https is allowed", async () => {
    const { teamId } = await endpointAt(receiver.url());
    const eventId = await queueEvent(teamId);
    await run({ config: { ...LOOPBACK_CONFIG, allowHttp: false } });
    expect(await deliveryOf(eventId)).toMatchObject({ lastError: "refused: https required" });
    expect(receiptsOf(eventId)).toHaveLength(0);
  });
});
