/**
 * Entry points for code that writes usage. The server records events through
 * the buffer (./buffer.ts), which hands batches to the hot store (lib/store/).
 * Seeding scripts and tests write directly with `writeUsageBatch` (one
 * transaction: events + rollups + lastUsedAt), on either engine.
 */
export type { UsageEventInput } from "./events";
export { writeUsageBatch } from "../store/direct";
