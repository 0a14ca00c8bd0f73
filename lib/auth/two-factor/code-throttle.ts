/**
 * Wrong second factors are throttled per account: 5 in 15 minutes, on the
 * shared limiter (Redis with REDIS_URL, else the database), whether the code
 * was typed at sign-in or on the account page. Six digits are a million
 * guesses; at 5 per 15 minutes that is over five years of trying on average.
 *
 * Per account and not per address: only someone who already has the password
 * reaches the code step at sign-in, and they may have many addresses. Like
 * sign-in, each try is charged before the code is checked and given back when
 * it was right, so parallel guesses cannot slip past the count.
 */
import { AppError } from "../../errors";
import { DbLimiter } from "../../limits/db-limiter";
import { installedLowRateLimiter } from "../../limits/installed";
import { tryAgainIn, type Limiter, type LimitRule } from "../../limits/limiter";
import { reserve } from "../../limits/reserve";

export const TWO_FACTOR_CODE_LIMIT: LimitRule = { limit: 5, windowMs: 15 * 60 * 1000 };

let fallback: Limiter | undefined;

export function twoFactorLimiter(): Limiter {
  return installedLowRateLimiter() ?? (fallback ??= new DbLimiter());
}

export type CodeAttempt = { succeeded: () => Promise<void> };

/** Charges one try to the account; throws RATE_LIMITED when its allowance is used up. */
export async function admitCodeAttempt(
  userId: string,
  { limiter = twoFactorLimiter(), rule = TWO_FACTOR_CODE_LIMIT, now = Date.now() }: { limiter?: Limiter; rule?: LimitRule; now?: number } = {},
): Promise<CodeAttempt> {
  const reservation = await reserve(limiter, [{ key: `two-factor:account:${userId}`, rule }], { now });
  if (!reservation.allowed) {
    throw new AppError("RATE_LIMITED", `Too many wrong codes. ${tryAgainIn(reservation.refused, now)}`);
  }
  return { succeeded: reservation.release };
}
