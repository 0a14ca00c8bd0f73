/**
 * Which price applies to an event: the newest ModelPrice row whose
 * effectiveFrom is at or before the event's time. A price change adds a row
 * from that moment on, so cost already counted is never rewritten and a
 * late-reported event is priced as of when it happened. Pure.
 */
import type { Price } from "./cost";

export type PriceVersion = Price & { effectiveFrom: number };

/** `versions` sorted by effectiveFrom ascending; undefined when none applies yet. */
export function pickPrice<T extends { effectiveFrom: number }>(versions: readonly T[], ts: number): T | undefined {
  let lo = 0;
  let hi = versions.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid].effectiveFrom <= ts) {
      found = versions[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
