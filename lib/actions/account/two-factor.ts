"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { confirmIdentitySchema, disableTwoFactor, regenerateRecoveryCodes } from "@/lib/auth/two-factor/manage";
import { confirmSetupSchema, confirmTwoFactorSetup, startTwoFactorSetup } from "@/lib/auth/two-factor/setup";
import { authedAction } from "../action";

/** A new secret to scan (QR code) or type; nothing is saved until a code confirms it. */
export const beginTwoFactorSetup = authedAction(z.object({}), async (_input, actor) => startTwoFactorSetup(actor));

/**
 * Turns two-factor on with a code from the app; answers the ten recovery codes, shown once.
 * No revalidation here: re-rendering the page now would swap the card (and the dialog showing
 * the codes) for its "on" state; the dialog refreshes the page when it closes.
 */
export const confirmTwoFactor = authedAction(confirmSetupSchema, async (input, actor) => {
  const result = await confirmTwoFactorSetup(actor, input);
  return { data: result, message: "Two-factor authentication is on." };
});

/** Turns two-factor off: password (if the account has one) and a current code or recovery code. */
export const turnOffTwoFactor = authedAction(confirmIdentitySchema, async (input, actor) => {
  await disableTwoFactor(actor, input);
  revalidatePath("/account");
  return { data: null, message: "Two-factor authentication is off." };
});

/** Ten new recovery codes (the old ones stop working): password and a current code. */
export const makeNewRecoveryCodes = authedAction(confirmIdentitySchema, async (input, actor) => {
  // Not revalidated either: the dialog with the new codes refreshes the page when it closes.
  const result = await regenerateRecoveryCodes(actor, input);
  return { data: result, message: "New recovery codes made. The old ones no longer work." };
});
