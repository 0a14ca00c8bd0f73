/**
 * Shutdown as `npm start` wires it: startApi registers the usage flush,
 * startGateway registers its drain after it, so the drain runs first: streams
 * in flight finish (up to GATEWAY_DRAIN_SECONDS), are cut after that and
 * billed for what was sent, and only then is buffered usage written.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi } from "../api/routes";
import { db } from "../db";
import { createGatehouseServer } from "../server/http-server";
import { runShutdownHooks } from "../server/lifecycle";
import { startGateway } from "./start";
import { startFakeUpstream, type FakeUpstream } from "./testing/fake-upstream";
import { createGatewayKey, TEST_UPSTREAM_KEY } from "./testing/start-gateway-server";

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream({ apiKey: TEST_UPSTREAM_KEY });
});
afterAll(() => fake.close());

const ask = { model: "claude-sonnet-5", max_tokens: 100, stream: true, messages: [{ role: "user", content: "Drain me" }] };

describe("drain on shutdown", () => {
  it("lets a stream in flight finish, cuts one past the drain time (billed), then flushes usage; late answers close their connection", async () => {
    const env = { ANTHROPIC_UPSTREAM_URL: fake.url, ANTHROPIC_UPSTREAM_API_KEY: TEST_UPSTREAM_KEY, GATEWAY_DRAIN_SECONDS: "1", USAGE_FLUSH_INTERVAL_MS: "60000" };
    const runtime = await startApi(env);
    const gateway = startGateway(runtime, env);
    const server = createGatehouseServer({ trustProxy: false, nextHandler: (_req, res) => void res.end(), gateway: gateway.handle });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { secret, keyId } = await createGatewayKey();
    const send = () => fetch(`${base}/v1/messages`, { method: "POST", headers: { "x-api-key": secret, "content-type": "application/json" }, body: JSON.stringify(ask) });

    // One stream that takes ~0.4 s (finishes within the drain), one that never ends.
    fake.once({ deltas: 8, eventDelayMs: 40 });
    fake.once({ mode: "hang", deltas: 5, failAfterDeltas: 2, usageEvery: 1 });
    const finishing = await send();
    const hanging = await send();
    const finishingText = finishing.text();
    const hangingText = hanging.text().catch(() => "cut");
    const startedAt = Date.now();
    gateway.beginDrain();
    const late = await fetch(`${base}/v1/models`, { headers: { "x-api-key": secret } });
    expect(late.status).toBe(200);
    expect(late.headers.get("connection")).toBe("close");
    await late.text();
    await runShutdownHooks();
    const took = Date.now() - startedAt;
    server.closeAllConnections();
    server.close();

    expect(await finishingText).toContain("event: message_stop");
    expect(await hangingText).not.toContain("message_stop");
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    // Written by the usage flush that ran after the drain (the buffer's own timer is a minute away).
    const events = await db.usageEvent.findMany({ where: { keyId, kind: "gateway" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.outcome).sort()).toEqual(["2xx", "shutdown"]);
    const cut = events.find((e) => e.outcome === "shutdown")!;
    expect(cut.inputTokens).toBeGreaterThan(0);
    expect(cut.outputTokens).toBe(10);
  });
});
