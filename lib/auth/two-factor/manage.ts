/**
 * Turning two-factor off and making new recovery codes: both need the
 * password (accounts that have one; single-sign-on-only accounts have none)
 * and a current second factor, so a browser left signed in is not enough.
 * Wrong passwords and codes count against the account's code allowance
 * (./code-throttle.ts).
 */
import { z } from "zod";
import type { Actor } from "../../actor";
import { db, type Tx } from "../../db";
import { AppError } from "../../errors";
import { parseInput } from "../../validation";
import { recordAccountEvent } from "../account-audit";
import { verifyPassword } from "../password";
import { admitCodeAttempt } from "./code-throttle";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { consumeSecondFactor, TWO_FACTOR_SELECT, type TwoFactorState } from "./second-factor";
import { listNames, teamsRequiringTwoFactor } from "./team-requirement";

export const confirmIdentitySchema = z.object({
  // Not trimmed: a password is what was typed. Optional here; required below for accounts with one.
  password: z.string().max(256).optional().default(""),
  code: z
    .string({ error: "Enter a code from your app or a recovery code." })
    .trim()
    .min(1, "Enter a code from your app or a recovery code.")
    .max(40, "That code didn't work. Check your authenticator app, or use a recovery code."),
});

type Account = TwoFactorState & { passwordHash: string };

async function loadAccount(userId: string): Promise<Account> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { ...TWO_FACTOR_SELECT, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already off.");
  return user;
}

/** Throttle, then the password (when the account has one); the second factor is checked in the caller's transaction. */
async function checkPassword(user: Account, password: string) {
  const attempt = await admitCodeAttempt(user.id);
  if (user.passwordHash) {
    if (!password) throw new AppError("INVALID", "Enter your password.", { password: "Enter your password." });
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new AppError("INVALID", "Incorrect password.", { password: "Incorrect password." });
    }
  }
  return attempt;
}

async function refuseWhileRequired(tx: Tx, userId: string) {
  const teams = await teamsRequiringTwoFactor(tx, userId);
  if (teams.length === 0) return;
  const names = listNames(teams.map((t) => t.name));
  throw new AppError(
    "FORBIDDEN",
    `${names} ${teams.length === 1 ? "requires" : "require"} two-factor authentication for ${teams.length === 1 ? "its" : "their"} members, so it must stay on. Leave ${teams.length === 1 ? "that team" : "those teams"}, or ask an owner to lift the requirement, first.`,
  );
}

/** Turns two-factor off: the secret and every recovery code are deleted. Refused while a team of the user requires it. */
export async function disableTwoFactor(actor: Actor, input: unknown, now = new Date()): Promise<void> {
  const { password, code } = parseInput(confirmIdentitySchema, input);
  const user = await loadAccount(actor.userId);
  // Before the password: the user learns why at once, and no allowance is spent on a refusal.
  await refuseWhileRequired(db, user.id);
  const attempt = await checkPassword(user, password);
  await db.$transaction(async (tx) => {
    await refuseWhileRequired(tx, user.id);
    const factor = await consumeSecondFactor(tx, user, code, actor, { now, purpose: "turn_off" });
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor authentication is already off.");
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAccountEvent(tx, user.id, "two_factor.disabled", { confirmedWith: factor.kind }, actor);
  });
  await attempt.succeeded();
}

/** Replaces every recovery code with ten new ones, returned in plain text (shown once). */
export async function regenerateRecoveryCodes(actor: Actor, input: unknown, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const { password, code } = parseInput(confirmIdentitySchema, input);
  const user = await loadAccount(actor.userId);
  const attempt = await checkPassword(user, password);
  const recoveryCodes = generateRecoveryCodes();
  await db.$transaction(async (tx) => {
    const factor = await consumeSecondFactor(tx, user, code, actor, { now, purpose: "new_recovery_codes" });
    const { count } = await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(user.id, c), createdAt: now })),
    });
    await recordAccountEvent(tx, user.id, "two_factor.recovery_codes_regenerated", { replaced: count, confirmedWith: factor.kind }, actor);
  });
  await attempt.succeeded();
  return { recoveryCodes };
}

export type TwoFactorStatus = {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  /** False for single-sign-on-only accounts: turning off asks for a code only. */
  hasPassword: boolean;
  /** The user's teams that require two-factor. */
  requiredBy: { slug: string; name: string }[];
};

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [user, left, teams] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true, passwordHash: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    teamsRequiringTwoFactor(db, userId),
  ]);
  return {
    enabled: !!user?.totpEnabledAt,
    enabledAt: user?.totpEnabledAt ?? null,
    recoveryCodesLeft: user?.totpEnabledAt ? left : 0,
    hasPassword: !!user?.passwordHash,
    requiredBy: teams.map(({ slug, name }) => ({ slug, name })),
  };
}
