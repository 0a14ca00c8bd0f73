/** Messages between the SQLite store (main thread) and its usage writer thread. */
import type { UsageEventInput } from "../../usage/events";

export type WorkerSettings = {
  file: string;
  /** How long one write waits for another connection's lock before the batch is retried. */
  busyTimeoutMs: number;
  retryBusyMs: number;
  retryErrorMs: number;
};

export type WorkerRequest =
  | { type: "write"; id: number; events: readonly UsageEventInput[] }
  | { type: "close"; deadlineMs: number };

export type WorkerReply =
  | { type: "result"; id: number; written: number; orphaned: number; invalid: number }
  | { type: "closed"; unwritten: number };
