/**
 * How many account emails (reset links, confirmation links, email-change
 * links, "someone tried to sign up with your address") may go out, on the
 * shared limiter (Redis with REDIS_URL, else the database). Fixed windows
 * aligned to the UTC hour and day (lib/limits/limiter.ts). Each charge happens
 * before the work, outside any transaction (the database limiter runs its own).
 */
import { AppError } from "../errors";
import { DbLimiter } from "../limits/db-limiter";
import { installedLowRateLimiter } from "../limits/installed";
import { tryAgainIn, type Limiter, type LimitRule } from "../limits/limiter";
import { reserve, type LimitCheck } from "../limits/reserve";
import { limitAddress } from "../request-meta";
import { passwordResetLimitsFromEnv, type PasswordResetLimits } from "./config";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const ACCOUNT_EMAIL_LIMITS = {
  /** "Resend link" on the confirmation banner, per account. */
  verificationPerUserPerHour: { limit: 3, windowMs: HOUR },
  verificationPerUserPerDay: { limit: 10, windowMs: DAY },
  /** Email-change links, per account, and per new address (so one account cannot flood a stranger). */
  emailChangePerUserPerHour: { limit: 5, windowMs: HOUR },
  emailChangePerRecipientPerDay: { limit: 5, windowMs: DAY },
  /** "Someone tried to create an account with your address": beyond this the notice is skipped, silently. */
  signUpNoticePerAddressPerDay: { limit: 3, windowMs: DAY },
} as const satisfies Record<string, LimitRule>;

let fallback: Limiter | undefined;

/** The limiter the server installed at start, else a database counter (tests, scripts). */
export function accountLimiter(): Limiter {
  return installedLowRateLimiter() ?? (fallback ??= new DbLimiter());
}

export type LimitOptions = { limiter?: Limiter; now?: number };

async function admit(checks: Array<LimitCheck & { message: string }>, { limiter = accountLimiter(), now = Date.now() }: LimitOptions) {
  const result = await reserve(limiter, checks, { now });
  if (!result.allowed) {
    const { message } = result.check as LimitCheck & { message: string };
    throw new AppError("RATE_LIMITED", `${message} ${tryAgainIn(result.refused, now)}`);
  }
}

/**
 * A reset request, per address asked about (whether or not an account has it,
 * so the refusal tells nothing) and per client network.
 */
export function admitPasswordResetRequest(email: string, ip: string, options: LimitOptions & { limits?: PasswordResetLimits } = {}) {
  const limits = options.limits ?? passwordResetLimitsFromEnv();
  return admit(
    [
      { key: `password-reset:ip:${limitAddress(ip)}`, rule: { limit: limits.perIpPerHour, windowMs: HOUR }, message: "Too many reset requests from your network." },
      { key: `password-reset:email:${email}`, rule: { limit: limits.perEmailPerHour, windowMs: HOUR }, message: "Too many reset links were asked for this address." },
    ],
    options,
  );
}

export function admitVerificationEmail(userId: string, options: LimitOptions = {}) {
  const message = "You've asked for several links already.";
  return admit(
    [
      { key: `email-verify:user:${userId}`, rule: ACCOUNT_EMAIL_LIMITS.verificationPerUserPerHour, message },
      { key: `email-verify:user:${userId}`, rule: ACCOUNT_EMAIL_LIMITS.verificationPerUserPerDay, message },
    ],
    options,
  );
}

export function admitEmailChange(userId: string, newEmail: string, options: LimitOptions = {}) {
  return admit(
    [
      { key: `email-change:user:${userId}`, rule: ACCOUNT_EMAIL_LIMITS.emailChangePerUserPerHour, message: "You've asked to change your address several times already." },
      { key: `email-change:to:${newEmail}`, rule: ACCOUNT_EMAIL_LIMITS.emailChangePerRecipientPerDay, message: "That address has been sent several links already." },
    ],
    options,
  );
}

/** Whether another sign-up notice may go to `email` today; a refusal is silent (the sign-up answer never changes). */
export async function mayNotifyOfSignUp(email: string, { limiter = accountLimiter(), now = Date.now() }: LimitOptions = {}): Promise<boolean> {
  const result = await limiter.consume(`sign-up-notice:${email}`, ACCOUNT_EMAIL_LIMITS.signUpNoticePerAddressPerDay, 1, now);
  return result.allowed;
}
