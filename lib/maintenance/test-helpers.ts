import { db } from "../db";

const DAY = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number, now = Date.now()) => now - days * DAY;

/** `count` raw usage events of a team at time `ts` (tests only). */
export async function addEvents(teamId: string, count: number, ts = Date.now(), keyId = `key-${teamId}`) {
  const data = Array.from({ length: count }, () => ({ keyId, teamId, ts: BigInt(ts), kind: "verify", outcome: "VALID" }));
  for (let i = 0; i < data.length; i += 500) await db.usageEvent.createMany({ data: data.slice(i, i + 500) });
}

/** `count` rollups of a team, one per bucket from `from` on (tests only). */
export async function addRollups(teamId: string, count: number, { granularity = "minute", from = Date.now(), keyId = `key-${teamId}` } = {}) {
  const step = granularity === "minute" ? 60_000 : granularity === "hour" ? 3_600_000 : DAY;
  const data = Array.from({ length: count }, (_, i) => ({
    keyId,
    teamId,
    granularity,
    bucketStart: BigInt(from + i * step),
    verifications: 1,
    valid: 1,
  }));
  for (let i = 0; i < data.length; i += 500) await db.usageRollup.createMany({ data: data.slice(i, i + 500) });
}

export async function usageCounts(teamId: string) {
  const [events, rollups] = await Promise.all([db.usageEvent.count({ where: { teamId } }), db.usageRollup.count({ where: { teamId } })]);
  return { events, rollups };
}
