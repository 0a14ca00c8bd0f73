import { DbLimiter } from "../limits/db-limiter";
import type { Limiter } from "../limits/limiter";
import { signInLimitsFromEnv, signUpLimitsFromEnv } from "./limits-config";
import { emailAccountUnderAttack } from "./sign-in-alert";
import { hasSignedInFrom } from "./sign-in-log";
import { SignUpThrottle } from "./sign-up-throttle";
import { SignInThrottle } from "./throttle";

/**
 * The throttles the app uses, built on first use (not at import) from the
 * environment. The database limiter is shared by every process on the same
 * database; a Redis limiter can replace it here without touching the throttles.
 */
let limiter: Limiter | undefined;
let signIn: SignInThrottle | undefined;
let signUp: SignUpThrottle | undefined;

// Ended windows are deleted every 10 minutes, so the table holds only live counters.
const sharedLimiter = () => (limiter ??= new DbLimiter({ pruneEveryMs: 10 * 60_000 }));

export function signInThrottle(): SignInThrottle {
  return (signIn ??= new SignInThrottle({
    limiter: sharedLimiter(),
    limits: signInLimitsFromEnv(),
    isKnownAddress: hasSignedInFrom,
    alertAccountOwner: emailAccountUnderAttack,
  }));
}

export function signUpThrottle(): SignUpThrottle {
  return (signUp ??= new SignUpThrottle({ limiter: sharedLimiter(), limits: signUpLimitsFromEnv() }));
}
