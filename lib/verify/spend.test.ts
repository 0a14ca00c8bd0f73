import { describe, expect, it, vi } from "vitest";
import type { KeyRow, UsageWriteResult } from "../store/types";
import type { UsageEventInput } from "../usage/events";
import { SpendLedger, spendTrackingStore } from "./spend";

const now = Date.UTC(2026, 11, 15, 12);
const row = {
  id: "key1",
  teamId: "team1",
  spend: { period: "2026-12", keyMicros: 0, teamMicros: 0 },
} as unknown as KeyRow;
const event: UsageEventInput = { keyId: "key1", teamId: "team1", ts: now, kind: "report", status: 200, costMicros: 5_000 };

describe("spendTrackingStore", () => {
  it("takes a written batch's cost out of the ledger and forgets its teams' cached rows", async () => {
    const ledger = new SpendLedger();
    const forget = vi.fn();
    const store = spendTrackingStore({ writeUsage: async () => ({ written: 1, orphaned: 0, invalid: 0 }), forget }, ledger);
    ledger.add([event]);
    expect(ledger.keySpent(row, now)).toBe(5_000);
    await store.writeUsage([event]);
    expect(ledger.keySpent(row, now)).toBe(0);
    expect(forget).toHaveBeenCalledWith({ teamIds: ["team1"] });
  });

  it("takes a failed batch's cost out too: it will never be written, so budgets must not count it for the rest of the month", async () => {
    const ledger = new SpendLedger();
    const forget = vi.fn();
    const failing = spendTrackingStore(
      { writeUsage: (): Promise<UsageWriteResult> => Promise.reject(new Error("the SQLite writer thread stopped; 1 event(s) lost")), forget },
      ledger,
    );
    ledger.add([event]);
    await expect(failing.writeUsage([event])).rejects.toThrow(/lost/);
    expect(ledger.keySpent(row, now)).toBe(0);
    expect(ledger.teamSpent(row, now)).toBe(0);
    // The batch may have committed before the writer died: the next lookup reads the stored total.
    expect(forget).toHaveBeenCalledWith({ teamIds: ["team1"] });

    const throwing = spendTrackingStore(
      {
        writeUsage: () => {
          throw new Error("closed");
        },
        forget,
      },
      ledger,
    );
    ledger.add([event]);
    expect(() => throwing.writeUsage([event])).toThrow("closed");
    expect(ledger.keySpent(row, now)).toBe(0);
  });
});
