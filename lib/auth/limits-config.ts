import { intFromEnv } from "../limits/env";
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from "./throttle";
import { DEFAULT_SIGN_UP_LIMITS, type SignUpLimits } from "./sign-up-throttle";

type Env = Record<string, string | undefined>;
const positiveIntFromEnv = (env: Env, name: string, fallback: number) => intFromEnv(env, name, fallback);

/** SIGN_IN_MAX_FAILURES_PER_IP, …_PER_ACCOUNT_AND_IP, …_PER_ACCOUNT (each per 15 minutes). */
export function signInLimitsFromEnv(env: Env = process.env): SignInLimits {
  return {
    perIp: positiveIntFromEnv(env, "SIGN_IN_MAX_FAILURES_PER_IP", DEFAULT_SIGN_IN_LIMITS.perIp),
    perAccountAndIp: positiveIntFromEnv(env, "SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_IP", DEFAULT_SIGN_IN_LIMITS.perAccountAndIp),
    perAccount: positiveIntFromEnv(env, "SIGN_IN_MAX_FAILURES_PER_ACCOUNT", DEFAULT_SIGN_IN_LIMITS.perAccount),
    slowDownAfter: DEFAULT_SIGN_IN_LIMITS.slowDownAfter,
  };
}

/** SIGN_UP_LIMIT_PER_HOUR and SIGN_UP_LIMIT_PER_DAY, per client address. */
export function signUpLimitsFromEnv(env: Env = process.env): SignUpLimits {
  return {
    perHour: positiveIntFromEnv(env, "SIGN_UP_LIMIT_PER_HOUR", DEFAULT_SIGN_UP_LIMITS.perHour),
    perDay: positiveIntFromEnv(env, "SIGN_UP_LIMIT_PER_DAY", DEFAULT_SIGN_UP_LIMITS.perDay),
  };
}
