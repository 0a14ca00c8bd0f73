import { intFromEnv } from "../limits/env";

type Env = Readonly<Record<string, string | undefined>>;

let warned = false;

/**
 * REQUIRE_EMAIL_VERIFICATION: on unless set to "false". Off (a closed install
 * that trusts whoever reaches it), new accounts are not asked to confirm
 * their address, keys need no confirmed address, and sign-up signs in at once
 * (saying when an address is taken, as before). Read at call time. Any other
 * value keeps it on, the safe side, with a warning in the log.
 */
export function emailVerificationRequired(env: Env = process.env): boolean {
  const raw = env.REQUIRE_EMAIL_VERIFICATION?.trim().toLowerCase();
  if (raw === "false") return false;
  if (raw && raw !== "true" && !warned) {
    warned = true;
    console.warn(`[config] REQUIRE_EMAIL_VERIFICATION must be "true" or "false", got "${env.REQUIRE_EMAIL_VERIFICATION}": keeping email verification on.`);
  }
  return true;
}

export type PasswordResetLimits = { perEmailPerHour: number; perIpPerHour: number };
export const DEFAULT_PASSWORD_RESET_LIMITS: PasswordResetLimits = { perEmailPerHour: 5, perIpPerHour: 20 };

let warnedLimit = false;

/**
 * PASSWORD_RESET_LIMIT_PER_IP (requests per hour from one client network); the
 * per-address limit is fixed. A value that is not a positive whole number
 * keeps the default, with a warning in the log (the start does not check it).
 */
export function passwordResetLimitsFromEnv(env: Env = process.env): PasswordResetLimits {
  let perIpPerHour = DEFAULT_PASSWORD_RESET_LIMITS.perIpPerHour;
  try {
    perIpPerHour = intFromEnv(env, "PASSWORD_RESET_LIMIT_PER_IP", perIpPerHour);
  } catch (error) {
    if (!warnedLimit) console.warn(`[config] ${(error as Error).message}: keeping ${perIpPerHour}.`);
    warnedLimit = true;
  }
  return { perEmailPerHour: DEFAULT_PASSWORD_RESET_LIMITS.perEmailPerHour, perIpPerHour };
}
