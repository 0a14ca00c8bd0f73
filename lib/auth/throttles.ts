import { DbLimiter } from "../limits/db-limiter";
import { installedLowRateLimiter } from "../limits/installed";
import type { Limiter } from "../limits/limiter";
import { signInLimitsFromEnv, signUpLimitsFromEnv } from "./limits-config";
import { emailAccountUnderAttack } from "./sign-in-alert";
import { hasSignedInFrom } from "./sign-in-log";
import { SignUpThrottle } from "./sign-up-throttle";
import { SignInThrottle } from "./throttle";

/**
 * The throttles the app uses, on the limiter the server installed at start
 * (lib/limits/from-config.ts: Redis when REDIS_URL is set, else the database),
 * built on first use. Without one installed (tests, scripts) they count in the
 * database, shared by every process on it.
 */
let fallback: Limiter | undefined;
let built: { limiter: Limiter; signIn?: SignInThrottle; signUp?: SignUpThrottle } | undefined;

function current() {
  const limiter = installedLowRateLimiter() ?? (fallback ??= new DbLimiter());
  if (built?.limiter !== limiter) built = { limiter };
  return built;
}

export function signInThrottle(): SignInThrottle {
  const throttles = current();
  return (throttles.signIn ??= new SignInThrottle({
    limiter: throttles.limiter,
    limits: signInLimitsFromEnv(),
    isKnownAddress: hasSignedInFrom,
    alertAccountOwner: emailAccountUnderAttack,
  }));
}

export function signUpThrottle(): SignUpThrottle {
  const throttles = current();
  return (throttles.signUp ??= new SignUpThrottle({ limiter: throttles.limiter, limits: signUpLimitsFromEnv() }));
}
