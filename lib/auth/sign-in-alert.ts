import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { sendEmail } from "../email/send-email";

/**
 * Tells an account's owner that its account-wide sign-in limit tripped. Sent
 * only when the account exists; the message carries nothing the attacker
 * chose (no addresses, no guessed passwords).
 */
export async function emailAccountUnderAttack(email: string, pausedUntil: number, failures: number): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { name: true } });
  if (!user) return;
  const until = new Date(pausedUntil).toISOString().slice(11, 16);
  await sendEmail({
    to: email,
    subject: "Many failed sign-in attempts on your Gatehouse account",
    text: [
      `Hello ${user.name},`,
      "",
      `Someone has entered a wrong password for ${email} more than ${failures} times in the last 15 minutes.`,
      `To protect your account, sign-in from networks you have not used before is paused until ${until} UTC.`,
      "You can still sign in as usual from networks you have signed in from before:",
      `${appBaseUrl()}/sign-in`,
      "",
      "If this was not you, someone may be guessing your password. Make sure it is long and not used on any other site.",
    ].join("\n"),
  });
}
