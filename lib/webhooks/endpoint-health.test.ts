import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { deliveriesOf, endpointAt, LOOPBACK_CONFIG, queueEvent, quietLog } from "./delivery-test-helpers";
import { enqueueWebhookEvent } from "./outbox";
import { startTestReceiver, type TestReceiver } from "./test-receiver";
import { deliverDueWebhooks } from "./worker";

let receiver: TestReceiver;
/** What the receiver answers, by path: 500 unless set. */
const answers = new Map<string, number>();
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  [receiver, smtp] = await Promise.all([startTestReceiver((r) => answers.get(r.path) ?? 500), startTestSmtpServer()]);
});
afterAll(() => Promise.all([receiver.close(), smtp.close()]));
afterEach(() => {
  vi.unstubAllEnvs();
});

const HOUR = 3_600_000;
// Small thresholds: disabled after 3 failed attempts in a row, the first at least an hour old.
const config = { ...LOOPBACK_CONFIG, disableAfterFailures: 3, disableAfterHours: 1 };

describe("disabling an endpoint that keeps failing", () => {
  it("disables it once both thresholds are passed, cancels what waits, audits it and emails the owners and admins once", async () => {
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("APP_URL", "https://portal.example.test/");
    const { endpoint, teamId, team, members } = await endpointAt(receiver.url("/failing"));
    const t0 = new Date();
    const run = (at: number) => deliverDueWebhooks({ config, log: quietLog(), now: () => new Date(t0.getTime() + at) });
    await queueEvent(teamId, t0);
    await queueEvent(teamId, t0);

    // Four failures within seconds: past the count, not yet failing for an hour.
    expect(await run(0)).toMatchObject({ failed: 2 });
    expect(await run(10_000)).toMatchObject({ failed: 2 });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, failureStreak: 4, failingSince: t0 });

    // An event queued meanwhile waits behind them; two hours on, the retries fail again together.
    await queueEvent(teamId, new Date(t0.getTime() + 2 * HOUR));
    await run(2 * HOUR);
    const disabled = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "failing" });
    expect((await deliveriesOf(endpoint.id)).map((d) => d.status)).toEqual(["cancelled", "cancelled", "cancelled"]);

    const audit = await db.auditLog.findMany({ where: { teamId, action: "webhook.updated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorEmail: "Gatehouse", targetType: "webhook", targetId: endpoint.id });
    expect(JSON.parse(audit[0].metadata)).toMatchObject({ before: { enabled: true }, after: { enabled: false }, reason: "failing", lastError: "HTTP 500" });

    const mails = smtp.messages.filter((m) => m.body.includes(endpoint.id));
    expect(mails).toHaveLength(1);
    expect(mails[0].to.sort()).toEqual([members!.owner.user.email, members!.admin.user.email].sort());
    expect(mails[0].raw).toMatch(/^Subject: Webhook endpoint disabled/m);
    expect(mails[0].body).toContain(receiver.url("/failing"));
    expect(mails[0].body).toContain("Last error: HTTP 500");
    expect(mails[0].body).toContain(`https://portal.example.test/${team!.slug}/webhooks/${endpoint.id}`);

    // Nothing more is sent or told; new events are not queued for it.
    const before = receiver.receipts.length;
    expect(await run(30 * HOUR)).toEqual({ claimed: 0 });
    expect(await db.$transaction((tx) => enqueueWebhookEvent(tx, teamId, "api_key.created", {}))).toBeNull();
    expect(receiver.receipts.length).toBe(before);
    expect(smtp.messages.filter((m) => m.body.includes(endpoint.id))).toHaveLength(1);
  });

  it("keeps an endpoint that failed for long but not often enough, and one that recovered", async () => {
    const { endpoint, teamId } = await endpointAt(receiver.url("/flaky"));
    const t0 = new Date();
    const run = (at: number) => deliverDueWebhooks({ config, log: quietLog(), now: () => new Date(t0.getTime() + at) });
    await queueEvent(teamId, t0);
    await run(0);
    await run(3 * HOUR);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, failureStreak: 2 });

    // It answers again: the run of failures is over, and a later failure starts a new one.
    answers.set("/flaky", 200);
    await run(4 * HOUR);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, failureStreak: 0, failingSince: null });
  });
});
