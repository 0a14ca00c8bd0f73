/**
 * Thirty days of believable usage for the demo team: a daily rhythm, quiet
 * weekends, slow growth, mostly 2xx with a few incidents (a 5xx outage, a
 * bad deploy throwing 4xx, a rate-limit spike), log-normal latencies and
 * token counts (prompt caching included), models from the default catalogue
 * and a few of an unknown one, and the refusals key policies cause. Pure and
 * seeded, so the same inputs give the same events; cost is added by
 * ./demo-pricing.ts from the database's prices.
 */
import type { VerifyOutcome } from "../../lib/verify/codes";
import type { UsageEventInput } from "../../lib/usage/ingest";
import { gaussian, logNormal } from "./traffic-mix";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEMO_DAYS = 30;

/**
 * Traffic starts exactly where the dashboard's 30-day window does (UTC
 * midnight 29 days ago): a sliver of data in the period before would turn the
 * 30-day trend into a meaningless "+5000%".
 */
export function demoStart(now: number): number {
  return Math.floor(now / DAY) * DAY - (DEMO_DAYS - 1) * DAY;
}

/** Not in the catalogue: priced by the operator's fallback and flagged in the dashboards. */
export const DEMO_UNKNOWN_MODEL = "legacy-model";

/** Model mix as [model, weight]; weights add up to 1. */
export type ModelMix = readonly (readonly [string, number])[];
export const DEMO_MODEL_MIX: ModelMix = [
  ["claude-sonnet-5", 0.7],
  ["claude-haiku-4-5", 0.22],
  ["claude-opus-5", 0.07],
  [DEMO_UNKNOWN_MODEL, 0.01],
];

/** Verifications a key's policy refuses: a share of its requests, optionally only in [from, to) and for a given model. */
export type DemoRefusal = { outcome: VerifyOutcome; rate: number; model?: string; from?: number; to?: number };

export type DemoTrafficProfile = {
  /** Average requests per hour at the daily peak on a weekday. */
  peakPerHour: number;
  /** UTC hour of the daily peak. */
  peakHourUtc: number;
  /** Weekend traffic as a share of weekday traffic. */
  weekend: number;
  /** Traffic only within this many hours of the peak (working hours, a nightly batch); otherwise all day. */
  activeHalfWidth?: number;
  /** Share of this key's traffic at time t (a rotation hands traffic from one key to the next). */
  share?: (t: number) => number;
  /** Which models it calls (default DEMO_MODEL_MIX). */
  models?: ModelMix;
  /** Requests its policy refuses (checked in order, before the request is sent). */
  refusals?: readonly DemoRefusal[];
};

export type DemoKey = {
  id: string;
  teamId: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  profile: DemoTrafficProfile;
};

export type Incident = { from: number; to: number; keyIds: string[]; status4xx?: number; status5xx?: number; rateLimited?: number };

/** Incidents at fixed offsets from `now`, so every fresh seed shows them in the 7-day and 30-day charts. */
export function demoIncidents(now: number, keys: { outage: string[]; badDeploy: string[]; spike: string[] }): Incident[] {
  const day = Math.floor(now / DAY) * DAY;
  return [
    { from: day - 3 * DAY + 14 * HOUR, to: day - 3 * DAY + 15.5 * HOUR, keyIds: keys.outage, status5xx: 0.35 },
    { from: day - 9 * DAY + 10 * HOUR, to: day - 9 * DAY + 13 * HOUR, keyIds: keys.badDeploy, status4xx: 0.4 },
    { from: day - 6 * DAY + 16 * HOUR, to: day - 6 * DAY + 17 * HOUR, keyIds: keys.spike, rateLimited: 0.25 },
  ];
}

/** 1 at the peak hour, about 0.2 twelve hours away. */
export function diurnal(hourUtc: number, profile: DemoTrafficProfile): number {
  if (profile.activeHalfWidth !== undefined) {
    const distance = Math.abs(hourUtc - profile.peakHourUtc);
    const fromPeak = Math.min(distance, 24 - distance);
    return fromPeak <= profile.activeHalfWidth ? 1 - fromPeak * 0.08 : 0.03;
  }
  const wave = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hourUtc - profile.peakHourUtc)) / 24);
  return 0.2 + 0.8 * Math.pow(wave, 1.5);
}

function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

const CLIENT_ERRORS = [400, 401, 404, 422, 429];
const SERVER_ERRORS = [500, 502, 503, 529];

function pickStatus(random: () => number, incident: Incident | undefined): number {
  const r = random();
  const p5xx = incident?.status5xx ?? 0.007;
  const p4xx = incident?.status4xx ?? 0.025;
  if (r < p5xx) return SERVER_ERRORS[Math.floor(random() * SERVER_ERRORS.length)];
  if (r < p5xx + p4xx) return CLIENT_ERRORS[Math.floor(random() * CLIENT_ERRORS.length)];
  return 200;
}

function pickFrom(mix: ModelMix, random: () => number): string {
  let r = random();
  for (const [model, weight] of mix) if ((r -= weight) < 0) return model;
  return mix[0][0];
}

function reportFor(key: DemoKey, ts: number, model: string, random: () => number, incident: Incident | undefined): UsageEventInput {
  const status = pickStatus(random, incident);
  const ok = status < 400;
  const median = model.includes("haiku") ? 380 : model.includes("opus") ? 2400 : 1100;
  const latencyMs = ok
    ? logNormal(median, 0.55, random)
    : status >= 500
      ? logNormal(incident ? 9000 : 2500, 0.7, random)
      : logNormal(35, 0.6, random);
  return {
    keyId: key.id,
    teamId: key.teamId,
    ts: ts + Math.round(Math.min(latencyMs, 60_000)),
    kind: "report",
    status,
    latencyMs: Math.round(Math.min(latencyMs, 120_000)),
    model,
    inputTokens: status === 400 || status === 401 ? 0 : Math.round(logNormal(900, 0.9, random)),
    outputTokens: ok ? Math.round(logNormal(280, 0.8, random)) : 0,
    // Prompt caching: most requests reuse a cached system prompt, a few write a new one.
    cacheReadTokens: ok && random() < 0.55 ? Math.round(logNormal(3000, 0.8, random)) : 0,
    cacheWriteTokens: ok && random() < 0.12 ? Math.round(logNormal(1500, 0.7, random)) : 0,
  };
}

function refusalAt(profile: DemoTrafficProfile, ts: number, random: () => number): DemoRefusal | undefined {
  for (const refusal of profile.refusals ?? []) {
    if ((refusal.from ?? -Infinity) <= ts && ts < (refusal.to ?? Infinity) && random() < refusal.rate) return refusal;
  }
  return undefined;
}

/**
 * The events of one key: per hour a Poisson count around peak × rhythm ×
 * weekday × growth × day noise; after the key stops working (revoked or
 * expired) a fading trickle of refused verifications from stale clients.
 */
export function demoKeyTraffic(key: DemoKey, now: number, incidents: Incident[], random: () => number): UsageEventInput[] {
  const events: UsageEventInput[] = [];
  const start = Math.max(demoStart(now), key.createdAt);
  const stopAt = Math.min(key.revokedAt ?? Infinity, key.expiresAt ?? Infinity);
  const deniedOutcome = key.revokedAt !== null && key.revokedAt === stopAt ? "REVOKED" : "EXPIRED";
  let dayNoise = 1;
  let noiseDay = -1;
  for (let hour = Math.floor(start / HOUR) * HOUR; hour < now; hour += HOUR) {
    if (Math.floor(hour / DAY) !== noiseDay) {
      noiseDay = Math.floor(hour / DAY);
      dayNoise = logNormal(1, 0.15, random);
    }
    const date = new Date(hour);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const growth = 0.85 + 0.3 * ((hour - demoStart(now)) / (DEMO_DAYS * DAY));
    const expected =
      key.profile.peakPerHour * diurnal(date.getUTCHours(), key.profile) * (weekend ? key.profile.weekend : 1) * growth * dayNoise;
    const count = poisson(expected, random);
    for (let i = 0; i < count; i++) {
      const ts = hour + Math.floor(random() * HOUR);
      if (ts < start || ts >= now) continue;
      const share = key.profile.share ? key.profile.share(ts) : 1;
      if (ts >= stopAt) {
        // Stale clients keep trying for a while, less and less.
        const fade = 0.12 * Math.exp(-(ts - stopAt) / (2 * DAY));
        if (random() < fade * (key.profile.share ? 0.3 : 1)) events.push({ keyId: key.id, teamId: key.teamId, ts, kind: "verify", outcome: deniedOutcome });
        continue;
      }
      if (random() >= share) continue;
      const incident = incidents.find((x) => ts >= x.from && ts < x.to && x.keyIds.includes(key.id));
      if (random() < (incident?.rateLimited ?? 0.002)) {
        events.push({ keyId: key.id, teamId: key.teamId, ts, kind: "verify", outcome: "RATE_LIMITED" });
        continue;
      }
      const model = pickFrom(key.profile.models ?? DEMO_MODEL_MIX, random);
      // Verify names the model only when the catalogue knows it.
      const verifyModel = model === DEMO_UNKNOWN_MODEL ? undefined : model;
      const refusal = refusalAt(key.profile, ts, random);
      if (refusal) {
        events.push({ keyId: key.id, teamId: key.teamId, ts, kind: "verify", outcome: refusal.outcome, model: refusal.model ?? verifyModel });
        continue;
      }
      events.push({ keyId: key.id, teamId: key.teamId, ts, kind: "verify", outcome: "VALID", model: verifyModel });
      const report = reportFor(key, ts, model, random, incident);
      if (report.ts < now) events.push(report);
    }
  }
  return events;
}

/** Traffic moving from an old key to its replacement across a rotation's overlap. */
export function rotationShare(rotatedAt: number, overlapMs: number, side: "old" | "new"): (t: number) => number {
  return (t) => {
    const moved = t <= rotatedAt ? 0 : t >= rotatedAt + overlapMs ? 1 : (t - rotatedAt) / overlapMs;
    return side === "old" ? 1 - moved : moved;
  };
}
