/**
 * Checking a second factor: a code from the authenticator app, or one of the
 * recovery codes. Used by sign-in, turning two-factor off and making new
 * recovery codes; callers throttle (./code-throttle.ts) outside the
 * transaction and call this inside it, so what it consumes (the time step, the
 * recovery code) is written together with what it unlocks.
 */
import type { Tx } from "../../db";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../request-meta";
import { recordAccountEvent } from "../account-audit";
import { WRONG_CODE } from "./constants";
import { hashRecoveryCode, looksLikeRecoveryCode } from "./recovery-codes";
import { storedSecretContext, unseal, UnsealError } from "./seal";
import { looksLikeTotpCode, matchTotp } from "./totp";

export type SecondFactor = { kind: "totp"; step: number } | { kind: "recovery_code"; remaining: number };

export { WRONG_CODE };

const wrongCode = () => new AppError("UNAUTHENTICATED", WRONG_CODE, { code: WRONG_CODE });

/** What the account has: its sealed secret and the last step accepted. */
export type TwoFactorState = { id: string; totpSecret: string | null; totpEnabledAt: Date | null; totpLastStep: number | null };

/** The account's TOTP secret, or null when it cannot be opened (the server secret changed; logged). */
export function openStoredSecret(user: Pick<TwoFactorState, "id" | "totpSecret">): string | null {
  if (!user.totpSecret) return null;
  try {
    return unseal(user.totpSecret, storedSecretContext(user.id));
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    console.error(`[two-factor] the stored secret of user ${user.id} cannot be opened: was NEXTAUTH_SECRET changed? Recovery codes still work.`);
    return null;
  }
}

/**
 * Consumes `code` for `user`: a six-digit code moves totpLastStep forward (so
 * neither it nor an older one works again), a recovery code is marked used and
 * audited with how many remain. Both are conditional updates, so two requests
 * racing with the same code cannot both succeed, on either engine. Throws
 * UNAUTHENTICATED with WRONG_CODE when the code is not valid now.
 */
export async function consumeSecondFactor(
  tx: Tx,
  user: TwoFactorState,
  code: string,
  meta: RequestMeta,
  { now = new Date(), purpose }: { now?: Date; purpose: "sign_in" | "turn_off" | "new_recovery_codes" },
): Promise<SecondFactor> {
  if (!user.totpEnabledAt) throw new AppError("INVALID", "Two-factor authentication is not on for this account.");
  const typed = code.trim();

  if (looksLikeTotpCode(typed)) {
    const secret = openStoredSecret(user);
    const step = secret ? matchTotp(secret, typed, { nowMs: now.getTime(), lastStep: user.totpLastStep }) : null;
    if (step === null) throw wrongCode();
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    if (count !== 1) throw wrongCode();
    return { kind: "totp", step };
  }

  if (looksLikeRecoveryCode(typed)) {
    const { count } = await tx.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecoveryCode(user.id, typed), usedAt: null },
      data: { usedAt: now },
    });
    if (count === 1) {
      const remaining = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
      await recordAccountEvent(tx, user.id, "two_factor.recovery_code_used", { remaining, purpose }, meta);
      return { kind: "recovery_code", remaining };
    }
  }
  throw wrongCode();
}

/** The two-factor columns of a user, for consumeSecondFactor. */
export const TWO_FACTOR_SELECT = { id: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true } as const;
