import { AppError } from "../errors";
import type { ExpiryChoice, KeyStatus } from "./schemas";

const DAY = 24 * 60 * 60 * 1000;
/** A key is flagged "expiring" this long before it stops working. */
export const EXPIRING_WINDOW_MS = 7 * DAY;
/** Upper bound for a custom expiry date. */
export const MAX_CUSTOM_EXPIRY_MS = 5 * 365 * DAY;

const PRESET_DAYS: Partial<Record<ExpiryChoice, number>> = { "30d": 30, "90d": 90, "180d": 180 };

/** A date-only value (from <input type="date">) means "through the end of that day", in UTC. */
function parseCustomDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T23:59:59.999Z`);
  return new Date(value);
}

/**
 * When a key created at `now` with this expiry choice stops working; null for
 * never. Throws INVALID (field `customDate`) for a missing, past or too-distant
 * custom date.
 */
export function expiryFrom(choice: ExpiryChoice, now: Date, customDate?: string | Date | null): Date | null {
  if (choice === "never") return null;
  const days = PRESET_DAYS[choice];
  if (days !== undefined) return new Date(now.getTime() + days * DAY);

  const fail = (message: string) => new AppError("INVALID", message, { customDate: message });
  if (!customDate) throw fail("Pick a date.");
  const date = parseCustomDate(customDate);
  if (Number.isNaN(date.getTime())) throw fail("Pick a valid date.");
  if (date.getTime() <= now.getTime()) throw fail("Pick a date in the future.");
  if (date.getTime() - now.getTime() > MAX_CUSTOM_EXPIRY_MS) throw fail("Pick a date within 5 years.");
  return date;
}

export type KeyTimes = { expiresAt: Date | null; revokedAt: Date | null };

/**
 * The state of a key at `now`. `revokedAt` may lie in the future: after a
 * rotation the old secret keeps working until then ("rotating"). A key stops
 * working at the instant it is revoked or expires.
 */
export function keyStatus(key: KeyTimes, now: Date): KeyStatus {
  const t = now.getTime();
  if (key.revokedAt && key.revokedAt.getTime() <= t) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= t) return "expired";
  if (key.revokedAt) return "rotating";
  if (key.expiresAt && key.expiresAt.getTime() - t <= EXPIRING_WINDOW_MS) return "expiring";
  return "active";
}

/** Whether the key's secret is still accepted at `now`. */
export function keyWorks(key: KeyTimes, now: Date): boolean {
  const status = keyStatus(key, now);
  return status === "active" || status === "expiring" || status === "rotating";
}
