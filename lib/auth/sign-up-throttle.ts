import { AppError } from "../errors";
import { tryAgainIn, type Limiter } from "../limits/limiter";
import { reserve } from "../limits/reserve";
import { limitAddress } from "../request-meta";

export type SignUpLimits = { perHour: number; perDay: number };
export const DEFAULT_SIGN_UP_LIMITS: SignUpLimits = { perHour: 5, perDay: 20 };

const HOUR_MS = 60 * 60 * 1000;

/**
 * Sign-ups per client address, an hour and a (UTC) day at a time. Every
 * well-formed attempt counts, "email already taken" included, so sign-up
 * cannot be used to test thousands of addresses for an account either.
 */
export class SignUpThrottle {
  private readonly limits: SignUpLimits;

  constructor(private readonly deps: { limiter: Limiter; limits?: SignUpLimits; clock?: () => number }) {
    this.limits = deps.limits ?? DEFAULT_SIGN_UP_LIMITS;
  }

  /** Charges one sign-up to `ip`, or throws RATE_LIMITED with when to try again. */
  async admit(ip: string, now = (this.deps.clock ?? Date.now)()): Promise<void> {
    const result = await reserve(
      this.deps.limiter,
      [
        // The hour first: in a burst, every refusal is then the hour's ("in 50 minutes"), not a
        // day refusal caused by charges that the hour limit is about to give back.
        { key: `sign-up:hour:${limitAddress(ip)}`, rule: { limit: this.limits.perHour, windowMs: HOUR_MS } },
        { key: `sign-up:day:${limitAddress(ip)}`, rule: { limit: this.limits.perDay, windowMs: 24 * HOUR_MS } },
      ],
      { now },
    );
    if (!result.allowed) {
      throw new AppError("RATE_LIMITED", `Too many accounts have been created from your network. ${tryAgainIn(result.refused, now)}`);
    }
  }
}
