import { db } from "../db";
import { AppError } from "../errors";

/** Failed sign-ins are counted over this window, per account and per IP. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** After this many failures each further attempt waits a little longer. */
export const SLOWDOWN_AFTER = 3;
export const MAX_FAILURES_PER_ACCOUNT = 8;
export const MAX_FAILURES_PER_IP = 30;
const MAX_DELAY_MS = 3000;

export type ThrottleState = { delayMs: number; lockedForMs: number };

/** Pure: what the recent failures of an account or IP imply. */
export function throttleFor(failures: Date[], limit: number, now: number): ThrottleState {
  const recent = failures.filter((d) => now - d.getTime() < THROTTLE_WINDOW_MS).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length >= limit) {
    // Locked until the oldest failure that keeps the count at the limit leaves the window.
    const pivot = recent[recent.length - limit];
    return { delayMs: 0, lockedForMs: pivot.getTime() + THROTTLE_WINDOW_MS - now };
  }
  const over = recent.length - SLOWDOWN_AFTER + 1;
  return { delayMs: over > 0 ? Math.min(over * 500, MAX_DELAY_MS) : 0, lockedForMs: 0 };
}

async function failuresSince(where: { email: string } | { ip: string }, since: Date): Promise<Date[]> {
  const rows = await db.signInAttempt.findMany({
    where: { ...where, success: false, createdAt: { gt: since } },
    select: { createdAt: true },
    orderBy: { createdAt: "desc" },
    take: MAX_FAILURES_PER_IP,
  });
  return rows.map((r) => r.createdAt);
}

/**
 * Throws RATE_LIMITED while the account or IP is locked; otherwise waits the
 * slow-down delay before the password is checked.
 */
export async function throttleSignIn(email: string, ip: string, now = Date.now()): Promise<void> {
  const since = new Date(now - THROTTLE_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([failuresSince({ email }, since), failuresSince({ ip }, since)]);
  const account = throttleFor(byEmail, MAX_FAILURES_PER_ACCOUNT, now);
  const address = throttleFor(byIp, MAX_FAILURES_PER_IP, now);
  const lockedForMs = Math.max(account.lockedForMs, address.lockedForMs);
  if (lockedForMs > 0) {
    const minutes = Math.max(1, Math.ceil(lockedForMs / 60000));
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  const delayMs = Math.max(account.delayMs, address.delayMs);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * Runs sign-in attempts for one account one after another. Without this,
 * a burst of parallel guesses would all read the failure count before any
 * of them recorded a failure, slipping past the lock and the slow-down.
 * (Gatehouse serves from a single Node process, so an in-memory queue covers it.)
 */
export async function oneAttemptAtATime<T>(email: string, attempt: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(email) ?? Promise.resolve();
  const run = previous.then(attempt, attempt);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  inFlight.set(email, settled);
  try {
    return await run;
  } finally {
    if (inFlight.get(email) === settled) inFlight.delete(email);
  }
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean): Promise<void> {
  // In a transaction so it queues for the one SQLite connection: a bare write would land inside
  // another request's open transaction and vanish if that one rolls back (a failure not counted).
  await db.$transaction(async (tx) => {
    await tx.signInAttempt.create({ data: { email, ip, success } });
    // A successful sign-in clears the account's failures.
    if (success) await tx.signInAttempt.deleteMany({ where: { email, success: false } });
  });
}
