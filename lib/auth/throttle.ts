import { AppError } from "../errors";
import { tryAgainIn, type Limiter, type LimitResult, type LimitRule } from "../limits/limiter";
import { giveBack, reserve, usedOf, type LimitCheck } from "../limits/reserve";
import { limitAddress } from "../request-meta";

/** Failed sign-ins are counted in fixed windows of this length. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** The owner of an account under attack hears about it at most once per this period. */
export const ATTACK_ALERT_PERIOD_MS = 24 * 60 * 60 * 1000;
const MAX_DELAY_MS = 3000;

export type SignInLimits = {
  /** Failures from one address across all accounts (password spraying). */
  perIp: number;
  /** Failures for one account from one address: what a guesser at one place gets. */
  perAccountAndIp: number;
  /**
   * Failures for one account from anywhere (a guesser with many addresses).
   * Past it only addresses the account has signed in from before may try, so
   * the attack cannot lock the owner out from their usual network.
   */
  perAccount: number;
  /** Failures for an account from one address before each further try there is slowed down. */
  slowDownAfter: number;
};

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perIp: 30, perAccountAndIp: 8, perAccount: 100, slowDownAfter: 3 };

export type SignInThrottleDeps = {
  limiter: Limiter;
  limits?: SignInLimits;
  /** Whether this account has signed in successfully from this address before. */
  isKnownAddress: (email: string, ip: string) => Promise<boolean>;
  /** Tells the account's owner the account-wide limit tripped; called at most once per ATTACK_ALERT_PERIOD_MS. */
  alertAccountOwner: (email: string, pausedUntil: number, failures: number) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  /** Epoch ms; tests pin it so a window boundary cannot fall in the middle of one. */
  clock?: () => number;
};

/** A sign-in admitted by the throttle: its charge stands as a failure unless `succeeded()` is called. */
export type AdmittedSignIn = { succeeded: () => Promise<void> };

/** Pure: the wait before this try, given the failures already counted for it. +0.5 s per failure past the threshold, at most 3 s. */
export function slowDownMs(failuresBefore: number, slowDownAfter: number): number {
  const over = failuresBefore - slowDownAfter + 1;
  return over > 0 ? Math.min(over * 500, MAX_DELAY_MS) : 0;
}

const rule = (limit: number): LimitRule => ({ limit, windowMs: SIGN_IN_WINDOW_MS });
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every attempt is charged as a failure *before* the password is checked, and
 * the charge is given back when it succeeds. Counting afterwards would let a
 * burst of parallel guesses all read "no failures yet" and all be checked.
 * The counts live behind the Limiter interface, so they hold across processes
 * when the limiter's store is shared (database, Redis).
 */
export class SignInThrottle {
  private readonly limits: SignInLimits;

  constructor(private readonly deps: SignInThrottleDeps) {
    this.limits = deps.limits ?? DEFAULT_SIGN_IN_LIMITS;
  }

  /** Throws RATE_LIMITED when this try may not be checked; otherwise waits any slow-down and admits it. */
  async admit(email: string, ip: string, now = (this.deps.clock ?? Date.now)()): Promise<AdmittedSignIn> {
    const { limiter } = this.deps;
    const address = limitAddress(ip);
    const byIp: LimitCheck = { key: `sign-in:ip:${address}`, rule: rule(this.limits.perIp) };
    const byAccountAndIp: LimitCheck = { key: `sign-in:account-ip:${email}|${address}`, rule: rule(this.limits.perAccountAndIp) };
    const byAccount: LimitCheck = { key: `sign-in:account:${email}`, rule: rule(this.limits.perAccount) };

    const local = await reserve(limiter, [byIp, byAccountAndIp], { now });
    if (!local.allowed) throw tooManyFailures(local.refused, now);

    const account = await limiter.consume(byAccount.key, byAccount.rule, 1, now);
    if (!account.allowed) {
      await this.alertOnce(email, account.resetAt, now);
      if (!(await this.deps.isKnownAddress(email, ip))) {
        await local.release();
        await giveBack(limiter, [byAccount], 1, now);
        throw new AppError(
          "RATE_LIMITED",
          `Sign-in to this account is paused after many failed attempts. ${tryAgainIn(account, now)} Networks this account has signed in from before are not affected.`,
        );
      }
    }

    const delayMs = slowDownMs(usedOf(local.results[1]) - 1, this.limits.slowDownAfter);
    if (delayMs > 0) await (this.deps.sleep ?? sleepFor)(delayMs);

    return {
      succeeded: async () => {
        await giveBack(limiter, [byIp, byAccountAndIp, byAccount], 1, now);
        // The owner got in from here: forgive this address's earlier typos for this account.
        const left = usedOf(await limiter.peek(byAccountAndIp.key, byAccountAndIp.rule, now));
        if (left > 0) await limiter.consume(byAccountAndIp.key, byAccountAndIp.rule, -left, now);
      },
    };
  }

  private async alertOnce(email: string, pausedUntil: number, now: number): Promise<void> {
    const first = await this.deps.limiter.consume(`sign-in:alerted:${email}`, { limit: 1, windowMs: ATTACK_ALERT_PERIOD_MS }, 1, now);
    if (!first.allowed) return;
    // Not awaited: the refusal should not wait for SMTP, and a mail failure must not turn it into an error.
    this.deps.alertAccountOwner(email, pausedUntil, this.limits.perAccount).catch((error) => {
      console.error("[sign-in] could not email the account owner about failed sign-ins:", (error as Error)?.message ?? error);
    });
  }
}

function tooManyFailures(result: LimitResult, now: number): AppError {
  return new AppError("RATE_LIMITED", `Too many failed sign-in attempts. ${tryAgainIn(result, now)}`);
}
