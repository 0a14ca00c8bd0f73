/**
 * Month-to-date spend as budget checks must see it: what the database had
 * when the key's row was read (KeyRow.spend) plus the cost this process has
 * accepted but not yet written. The usage writers add cost to SpendCounter
 * in the same transaction as the events; once a batch is written, its cost
 * leaves the ledger and the cached rows of its teams are dropped, so the next
 * lookup reads the new total. Nothing is counted twice for longer than that
 * instant, and nothing accepted is missed.
 *
 * Across replicas each process sees the others' spend once they have written
 * it (every 250 ms) and its cached row is reloaded (at most 500 ms later).
 */
import { periodEnd, periodOf } from "../budgets/period";
import type { HotStore, KeyRow, UsageWriteResult } from "../store/types";
import type { UsageEventInput } from "../usage/events";
import { isoAt } from "./iso";

export class SpendLedger {
  private readonly keys = new Map<string, number>();
  private readonly teams = new Map<string, number>();
  private period = "";
  private periodEndsAt = 0;
  private resetIso = "";

  /** The current period, recomputed only when a month ends. */
  current(now: number): string {
    if (now >= this.periodEndsAt || now < this.periodEndsAt - 32 * 86_400_000) {
      this.period = periodOf(now);
      this.periodEndsAt = periodEnd(now);
      this.resetIso = isoAt(this.periodEndsAt);
    }
    return this.period;
  }

  /** When the current period's budgets reset, as ISO text (cached with the period). */
  resetAt(now: number): string {
    this.current(now);
    return this.resetIso;
  }

  keySpent(row: KeyRow, now: number): number {
    const period = this.current(now);
    const stored = row.spend.period === period ? row.spend.keyMicros : 0;
    return stored + (this.keys.get(`${period}|${row.id}`) ?? 0);
  }

  teamSpent(row: KeyRow, now: number): number {
    const period = this.current(now);
    const stored = row.spend.period === period ? row.spend.teamMicros : 0;
    return stored + (this.teams.get(`${period}|${row.teamId}`) ?? 0);
  }

  /** Cost accepted (a usage report was acknowledged) but not written yet. */
  add(events: readonly UsageEventInput[]): void {
    this.apply(events, 1);
  }

  /** The events' cost is now in the database (or will never be): it leaves the ledger. */
  remove(events: readonly UsageEventInput[]): void {
    this.apply(events, -1);
  }

  private apply(events: readonly UsageEventInput[], sign: 1 | -1): void {
    for (const e of events) {
      const cost = e.costMicros ?? 0;
      if (cost <= 0) continue;
      const period = periodOf(e.ts);
      bump(this.keys, `${period}|${e.keyId}`, sign * cost);
      bump(this.teams, `${period}|${e.teamId}`, sign * cost);
    }
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}

/**
 * The store the usage buffer writes through: after each batch is written its
 * cost leaves the ledger and the cached rows of its teams are forgotten, so
 * the next budget check reads the new SpendCounter totals. A batch that fails
 * (the buffer counts it lost) leaves the ledger too: its cost will never be
 * written, and kept there it would count against budgets until the month ends.
 */
export function spendTrackingStore(store: Pick<HotStore, "writeUsage" | "forget">, ledger: SpendLedger): Pick<HotStore, "writeUsage"> {
  return {
    writeUsage: (batch: readonly UsageEventInput[]): Promise<UsageWriteResult> => {
      const done = () => {
        const teamIds = new Set<string>();
        for (const e of batch) if ((e.costMicros ?? 0) > 0) teamIds.add(e.teamId);
        // Also after a failure: the batch may have committed before the writer died.
        if (teamIds.size > 0) store.forget({ teamIds: [...teamIds] });
        ledger.remove(batch);
      };
      let write: Promise<UsageWriteResult>;
      try {
        write = store.writeUsage(batch);
      } catch (error) {
        done();
        throw error;
      }
      return write.then(
        (result) => {
          done();
          return result;
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
    },
  };
}
