import { describe, expect, it } from "vitest";
import { bucketsFor } from "../../lib/usage/buckets";
import { demoIncidents, demoKeyTraffic, diurnal, rotationShare, type DemoKey } from "./demo-traffic";
import { seededRandom } from "./traffic-mix";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 22, 14, 37);

function key(overrides: Partial<DemoKey> = {}): DemoKey {
  return {
    id: "k", teamId: "t", createdAt: NOW - 60 * DAY, expiresAt: null, revokedAt: null,
    profile: { peakPerHour: 60, peakHourUtc: 15, weekend: 0.5 },
    ...overrides,
  };
}

describe("demoKeyTraffic", () => {
  const events = demoKeyTraffic(key(), NOW, [], seededRandom(1));
  const reports = events.filter((e) => e.kind === "report");

  it("fills exactly the dashboard's 30-day window: nothing before it, nothing after now", () => {
    const window = bucketsFor("30d", NOW);
    expect(Math.min(...events.map((e) => e.ts))).toBeGreaterThanOrEqual(window.from);
    expect(Math.min(...events.map((e) => e.ts))).toBeLessThan(window.from + HOUR);
    expect(Math.max(...events.map((e) => e.ts))).toBeLessThan(NOW);
    expect(events.length).toBeGreaterThan(30_000);
    expect(events.length).toBeLessThan(80_000);
  });

  it("has a daily rhythm and quieter weekends", () => {
    const byHour = new Array(24).fill(0);
    let weekday = 0;
    let weekend = 0;
    for (const e of events) {
      const d = new Date(e.ts);
      byHour[d.getUTCHours()]++;
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) weekend++;
      else weekday++;
    }
    expect(byHour[15]).toBeGreaterThan(byHour[3] * 3);
    // ~8 weekend days vs ~22 weekdays at half the rate.
    expect(weekend / 8).toBeLessThan((weekday / 22) * 0.7);
  });

  it("is mostly 2xx, with some 4xx and 5xx, log-normal latencies and tokens", () => {
    const ok = reports.filter((e) => e.status! < 300).length / reports.length;
    expect(ok).toBeGreaterThan(0.95);
    expect(reports.some((e) => e.status! >= 400 && e.status! < 500)).toBe(true);
    expect(reports.some((e) => e.status! >= 500)).toBe(true);
    const latencies = reports.map((e) => e.latencyMs!).sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length * 0.95)]).toBeGreaterThan(latencies[Math.floor(latencies.length / 2)] * 1.5);
    expect(reports.every((e) => e.inputTokens! >= 0 && e.model)).toBe(true);
  });

  it("is repeatable for a given seed", () => {
    expect(demoKeyTraffic(key(), NOW, [], seededRandom(1))).toEqual(events);
  });
});

describe("keys that stop working", () => {
  it("a revoked key only gets REVOKED verifications afterwards, fading out", () => {
    const revokedAt = NOW - 8 * DAY;
    const events = demoKeyTraffic(key({ revokedAt }), NOW, [], seededRandom(2));
    const after = events.filter((e) => e.ts >= revokedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.kind === "verify" && e.outcome === "REVOKED")).toBe(true);
    expect(after.filter((e) => e.ts < revokedAt + DAY).length).toBeGreaterThan(after.filter((e) => e.ts >= NOW - DAY).length);
  });

  it("an expired key gets EXPIRED verifications", () => {
    const expiresAt = NOW - 5 * DAY;
    const after = demoKeyTraffic(key({ expiresAt }), NOW, [], seededRandom(3)).filter((e) => e.ts >= expiresAt);
    expect(after.every((e) => e.outcome === "EXPIRED")).toBe(true);
  });

  it("a rotation hands the traffic over during the overlap", () => {
    const rotatedAt = NOW - 10 * DAY;
    const oldShare = rotationShare(rotatedAt, DAY, "old");
    const newShare = rotationShare(rotatedAt, DAY, "new");
    expect([oldShare(rotatedAt - 1), oldShare(rotatedAt + DAY / 2), oldShare(rotatedAt + DAY)]).toEqual([1, 0.5, 0]);
    expect(newShare(rotatedAt + DAY / 4)).toBe(0.25);
  });
});

describe("incidents and rhythm", () => {
  it("an outage shows as a burst of 5xx on the affected key", () => {
    const [outage] = demoIncidents(NOW, { outage: ["k"], badDeploy: [], spike: [] });
    const events = demoKeyTraffic(key(), NOW, [outage], seededRandom(4));
    const during = events.filter((e) => e.kind === "report" && e.ts >= outage.from && e.ts < outage.to + 60_000);
    const share5xx = during.filter((e) => e.status! >= 500).length / during.length;
    expect(share5xx).toBeGreaterThan(0.15);
  });

  it("working-hours keys are near silent at night; batch windows wrap midnight", () => {
    expect(diurnal(3, { peakPerHour: 1, peakHourUtc: 13, weekend: 1, activeHalfWidth: 5 })).toBeLessThan(0.05);
    expect(diurnal(23, { peakPerHour: 1, peakHourUtc: 1, weekend: 1, activeHalfWidth: 2 })).toBeGreaterThan(0.8);
  });
});

describe("models, caching and policy refusals", () => {
  const ts0 = NOW - 2 * DAY;
  const events = demoKeyTraffic(
    key({ profile: { peakPerHour: 60, peakHourUtc: 15, weekend: 0.5, refusals: [{ outcome: "MODEL_NOT_ALLOWED", rate: 0.05, model: "claude-opus-5" }, { outcome: "BUDGET_EXCEEDED", rate: 1, from: ts0, to: ts0 + DAY }] } }),
    NOW, [], seededRandom(5),
  );
  const reports = events.filter((e) => e.kind === "report");

  it("calls mostly claude-sonnet-5, some Haiku and Opus, and a few of a model the catalogue does not know", () => {
    const share = (model: string) => reports.filter((e) => e.model === model).length / reports.length;
    expect(share("claude-sonnet-5")).toBeGreaterThan(0.6);
    expect(share("claude-haiku-4-5")).toBeGreaterThan(0.15);
    expect(share("claude-opus-5")).toBeGreaterThan(0.03);
    expect(share("legacy-model")).toBeGreaterThan(0.002);
    expect(share("legacy-model")).toBeLessThan(0.03);
  });

  it("reads from the prompt cache on most successful requests and writes to it on a few", () => {
    const ok = reports.filter((e) => e.status! < 400);
    expect(ok.filter((e) => e.cacheReadTokens! > 0).length / ok.length).toBeGreaterThan(0.4);
    const writes = ok.filter((e) => e.cacheWriteTokens! > 0).length / ok.length;
    expect(writes).toBeGreaterThan(0.05);
    expect(writes).toBeLessThan(0.2);
  });

  it("names the model on verifications only when the catalogue knows it", () => {
    const valid = events.filter((e) => e.kind === "verify" && e.outcome === "VALID");
    expect(valid.some((e) => e.model === "claude-sonnet-5")).toBe(true);
    expect(valid.some((e) => e.model === "legacy-model")).toBe(false);
  });

  it("refuses what the policy refuses: a share of requests for a model, every request while over budget", () => {
    const refused = events.filter((e) => e.outcome === "MODEL_NOT_ALLOWED");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.model === "claude-opus-5")).toBe(true);
    const inWindow = events.filter((e) => e.ts >= ts0 && e.ts < ts0 + DAY);
    expect(inWindow.filter((e) => e.outcome === "BUDGET_EXCEEDED").length).toBeGreaterThan(10);
    expect(inWindow.some((e) => e.outcome === "VALID")).toBe(false);
    // A report lands at most a minute after its request, so none come from inside the window.
    expect(inWindow.some((e) => e.kind === "report" && e.ts >= ts0 + 60_000)).toBe(false);
  });
});
