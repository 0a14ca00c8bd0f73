/** For tests: accounts with two-factor turned on through the real setup, and the codes their app would show. */
import type { Actor } from "../../actor";
import { actorFor } from "../../testing/factories";
import { confirmTwoFactorSetup, startTwoFactorSetup } from "./setup";
import { totpCode } from "./totp";

/** Set up ten minutes ago, so every code of the present is newer than the one the setup used. */
export const SETUP_AGO_MS = 10 * 60 * 1000;

export async function turnOnTwoFactor(user: { id: string; email: string }): Promise<{ secret: string; recoveryCodes: string[]; actor: Actor }> {
  const actor = actorFor(user);
  const at = Date.now() - SETUP_AGO_MS;
  const setup = await startTwoFactorSetup(actor, at);
  const secret = setup.secret.replace(/\s/g, "");
  const { recoveryCodes } = await confirmTwoFactorSetup(actor, { setupToken: setup.setupToken, code: totpCode(secret, at) }, new Date(at));
  return { secret, recoveryCodes, actor };
}
