import { AppError } from "../errors";
import { DbLimiter } from "../limits/db-limiter";
import { installedLowRateLimiter } from "../limits/installed";
import { tryAgainIn, type Limiter, type LimitRule } from "../limits/limiter";
import { reserve } from "../limits/reserve";
import { SENDS_PER_MINUTE } from "./constants";

const MINUTE = 60 * 1000;
export const SEND_RULE: LimitRule = { limit: SENDS_PER_MINUTE, windowMs: MINUTE };

let fallback: Limiter | undefined;

/** The limiter the server installed at start (Redis or the database); without one (tests), a database counter. */
export function sendLimiter(): Limiter {
  return installedLowRateLimiter() ?? (fallback ??= new DbLimiter());
}

/**
 * Charges one manual send (a resend or a test event) to the endpoint, whoever presses the
 * button: a receiver is not flooded by a held-down key. Call it once the caller is known to
 * be allowed, outside any transaction (the database limiter writes in its own); `release()`
 * gives the charge back when the send then fails.
 */
export async function chargeSend(endpointId: string, limiter: Limiter = sendLimiter(), now = Date.now()): Promise<{ release: () => Promise<void> }> {
  const reservation = await reserve(limiter, [{ key: `webhooks:send:${endpointId}`, rule: SEND_RULE }], { now });
  if (!reservation.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      `This endpoint was sent ${SENDS_PER_MINUTE} events by hand in the last minute. ${tryAgainIn(reservation.refused, now)}`,
    );
  }
  return { release: reservation.release };
}
