/**
 * Turning two-factor on, in two steps:
 * 1. `startTwoFactorSetup` makes a secret and shows it (QR code and text). It
 *    stores nothing: the secret goes back to the browser sealed in a setup
 *    token (bound to the user, valid 30 minutes), so an abandoned setup leaves
 *    no trace and cannot half-enable anything.
 * 2. `confirmTwoFactorSetup` takes the token and a code from the app. Only a
 *    right code proves the app holds the secret; then the secret is stored
 *    sealed, two-factor is on, and ten recovery codes are made and returned
 *    (the only time they are shown), all in one transaction with its audit row.
 */
import QRCode from "qrcode";
import { z } from "zod";
import type { Actor } from "../../actor";
import { db } from "../../db";
import { AppError } from "../../errors";
import { parseInput } from "../../validation";
import { recordAccountEvent } from "../account-audit";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { seal, storedSecretContext, unseal, UnsealError } from "./seal";
import { generateTotpSecret, groupSecret, matchTotp, otpauthUri } from "./totp";

export const SETUP_TTL_MS = 30 * 60 * 1000;
const setupContext = (userId: string) => `totp-setup:${userId}`;

export type TwoFactorSetup = {
  /** Sealed secret and expiry, sent back with the code. */
  setupToken: string;
  /** The secret grouped by 4, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The QR code of otpauthUri, as an SVG data URL. */
  qrDataUrl: string;
};

export async function startTwoFactorSetup(actor: Actor, now = Date.now()): Promise<TwoFactorSetup> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true, totpEnabledAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const secret = generateTotpSecret();
  const uri = otpauthUri(secret, user.email);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    setupToken: seal(JSON.stringify({ secret, exp: now + SETUP_TTL_MS }), setupContext(actor.userId)),
    secret: groupSecret(secret),
    otpauthUri: uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

export const confirmSetupSchema = z.object({
  setupToken: z.string({ error: "Start the setup again." }).min(1, "Start the setup again.").max(1000, "Start the setup again."),
  code: z
    .string({ error: "Enter the 6-digit code from your app." })
    .transform((s) => s.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your app.")),
});

const EXPIRED = "This setup has expired. Close it and start again.";

function openSetupToken(token: string, userId: string, now: number): string {
  try {
    const { secret, exp } = JSON.parse(unseal(token, setupContext(userId))) as { secret?: unknown; exp?: unknown };
    if (typeof secret !== "string" || typeof exp !== "number" || exp <= now) throw new UnsealError();
    return secret;
  } catch {
    throw new AppError("INVALID", EXPIRED);
  }
}

/** Turns two-factor on; resolves to the ten recovery codes, in plain text, shown once. */
export async function confirmTwoFactorSetup(actor: Actor, input: unknown, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const { setupToken, code } = parseInput(confirmSetupSchema, input);
  const secret = openSetupToken(setupToken, actor.userId, now.getTime());
  const step = matchTotp(secret, code, { nowMs: now.getTime() });
  if (step === null) {
    const message = "That code didn't match. Check the time on your phone, and enter the code your app shows now.";
    throw new AppError("INVALID", message, { code: message });
  }
  const recoveryCodes = generateRecoveryCodes();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: actor.userId, totpEnabledAt: null },
      data: { totpSecret: seal(secret, storedSecretContext(actor.userId)), totpEnabledAt: now, totpLastStep: step },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    await tx.recoveryCode.deleteMany({ where: { userId: actor.userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((c) => ({ userId: actor.userId, codeHash: hashRecoveryCode(actor.userId, c), createdAt: now })),
    });
    await recordAccountEvent(tx, actor.userId, "two_factor.enabled", { recoveryCodes: recoveryCodes.length }, actor);
  });
  return { recoveryCodes };
}
