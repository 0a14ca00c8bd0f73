import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { LEASE_MS } from "./claim";
import { deliveriesOf, deliveryOf, endpointAt, LOOPBACK_CONFIG, queueEvent, quietLog } from "./delivery-test-helpers";
import { DELIVERY_WINDOW_MS } from "./retry";
import { startTestReceiver, type TestReceiver } from "./test-receiver";
import { deliverDueWebhooks, startWebhookWorker } from "./worker";

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(() => receiver.close());

const config = { ...LOOPBACK_CONFIG, intervalMs: 20 };
const receiptsOf = (eventId: string) => receiver.receipts.filter((r) => r.headers["webhook-id"] === eventId);
const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 25 });

describe("the delivery worker", () => {
  it("retries a failed delivery after a restart: a new worker picks up what the stopped one left", async () => {
    receiver.answerWith(() => 503);
    const { teamId } = await endpointAt(receiver.url("/restart"));
    const eventId = await queueEvent(teamId);

    const first = startWebhookWorker({ config, log: quietLog() });
    await waitFor(async () => expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 503 }));
    await first.stop();

    // The receiver is fixed; a new worker (a restarted server) runs with its clock past the 5 s retry.
    receiver.answerWith(() => 200);
    const second = startWebhookWorker({ config, log: quietLog(), now: () => new Date(Date.now() + 10_000) });
    try {
      await waitFor(async () => expect(await deliveryOf(eventId)).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200 }));
    } finally {
      await second.stop();
    }
    expect(receiptsOf(eventId)).toHaveLength(2);
  });

  it("sends again a delivery whose worker died mid-send, once its lease has run out", async () => {
    receiver.answerWith(() => 200);
    const { teamId } = await endpointAt(receiver.url("/crashed"));
    const t0 = new Date();
    const eventId = await queueEvent(teamId, t0);
    // What a worker that crashed after claiming leaves behind.
    await db.webhookDelivery.updateMany({ where: { eventId }, data: { status: "delivering", nextAttemptAt: new Date(t0.getTime() + LEASE_MS) } });

    expect(await deliverDueWebhooks({ config, log: quietLog(), now: () => new Date(t0.getTime() + 1000) })).toEqual({ claimed: 0 });
    expect(await deliverDueWebhooks({ config, log: quietLog(), now: () => new Date(t0.getTime() + LEASE_MS) })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(receiptsOf(eventId)).toHaveLength(1);
  });

  it("never sends one delivery twice when two workers run at once", async () => {
    receiver.answerWith(() => 200);
    const { teamId, endpoint } = await endpointAt(receiver.url("/pair"));
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await queueEvent(teamId));

    // Two passes racing for the same due rows: each row is claimed by one of them.
    const [a, b] = await Promise.all([
      deliverDueWebhooks({ config, log: quietLog(), concurrency: 6 }),
      deliverDueWebhooks({ config, log: quietLog(), concurrency: 6 }),
    ]);
    // Both read the same due rows; whatever each claimed was sent once.
    const sent = ids.filter((id) => receiptsOf(id).length > 0);
    expect(sent.length).toBe(a.claimed + b.claimed);
    for (const id of sent) expect(receiptsOf(id)).toHaveLength(1);

    // Then two long-running workers (two replicas) share the rest.
    const workers = [startWebhookWorker({ config, log: quietLog(), concurrency: 3 }), startWebhookWorker({ config, log: quietLog(), concurrency: 3 })];
    try {
      await waitFor(async () => expect((await deliveriesOf(endpoint.id)).every((d) => d.status === "succeeded")).toBe(true));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    for (const id of ids) expect(receiptsOf(id)).toHaveLength(1);
    expect((await deliveriesOf(endpoint.id)).map((d) => d.attempts)).toEqual(ids.map(() => 1));
  });

  it("gives up once the next retry would come more than 24 hours after the event was queued", async () => {
    receiver.answerWith(() => 500);
    const { teamId } = await endpointAt(receiver.url("/down"));
    const t0 = new Date();
    const eventId = await queueEvent(teamId, t0);
    const log = quietLog();
    // No jitter: the schedule as written (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h).
    const options = { config: { ...config, disableAfterFailures: 1000 }, log, random: () => 0.5 };

    let clock = t0;
    const waits: number[] = [];
    for (let pass = 0; pass < 20; pass++) {
      const report = await deliverDueWebhooks({ ...options, now: () => clock });
      expect(report.claimed).toBe(1);
      const row = await deliveryOf(eventId);
      if (row.status === "failed") break;
      waits.push(row.nextAttemptAt.getTime() - clock.getTime());
      clock = row.nextAttemptAt;
    }
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
    const row = await deliveryOf(eventId);
    expect(row).toMatchObject({ status: "failed", attempts: 7, lastError: "HTTP 500" });
    expect(row.lastAttemptAt!.getTime() - t0.getTime()).toBeLessThanOrEqual(DELIVERY_WINDOW_MS);
    expect(receiptsOf(eventId)).toHaveLength(7);
    // Given up: never sent again, however late.
    expect(await deliverDueWebhooks({ ...options, now: () => new Date(t0.getTime() + 3 * DELIVERY_WINDOW_MS) })).toEqual({ claimed: 0 });
  });
});
