/**
 * Entry points for code that writes usage. The server records events through
 * the buffer (./buffer.ts), which hands batches to the hot store (lib/store/).
 * Seeding scripts and tests on SQLite write synchronously with
 * `writeUsageBatch` (one transaction: events + rollups + lastUsedAt).
 */
export type { UsageEventInput } from "./events";
export { writeUsageBatch } from "../store/sqlite/direct";
