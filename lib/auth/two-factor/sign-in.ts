/**
 * The second step of signing in. authorize() (lib/auth/options.ts) checks
 * the password first (with the sign-in throttle); for an account with
 * two-factor it then needs a code: without one it answers
 * TWO_FACTOR_REQUIRED, which the form turns into the code step, and the form
 * sends email, password and code again. So the code step only ever appears
 * after a right password, and the session is created only after a right code,
 * in the same transaction that consumes it.
 */
import type { Tx } from "../../db";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../request-meta";
import { admitCodeAttempt } from "./code-throttle";
import { TWO_FACTOR_REQUIRED } from "./constants";
import { consumeSecondFactor, TWO_FACTOR_SELECT, type SecondFactor } from "./second-factor";

export type SecondStep = {
  /** Consumes the code inside the transaction that creates the session; throws on a wrong code. */
  consume: (tx: Tx, meta: RequestMeta, now?: Date) => Promise<SecondFactor>;
  /** The code was right: give back its charge against the account's allowance. */
  succeeded: () => Promise<void>;
};

/** Throws TWO_FACTOR_REQUIRED without a code, RATE_LIMITED past the allowance; otherwise admits the try. */
export async function beginSecondStep(userId: string, code: unknown): Promise<SecondStep> {
  const typed = typeof code === "string" ? code.trim().slice(0, 40) : "";
  if (!typed) throw new AppError("UNAUTHENTICATED", TWO_FACTOR_REQUIRED);
  const attempt = await admitCodeAttempt(userId);
  return {
    consume: async (tx, meta, now = new Date()) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: TWO_FACTOR_SELECT });
      return consumeSecondFactor(tx, user, typed, meta, { now, purpose: "sign_in" });
    },
    succeeded: attempt.succeeded,
  };
}
