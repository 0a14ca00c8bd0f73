/**
 * Sends one email, trying again after short pauses when the SMTP server refuses or
 * cannot be reached, and counts the outcome in emailsSent{kind,result}. For
 * notifications whose claim is already committed (expiry reminders, leak reports):
 * there is no row to retry from later, so a blip of the mail server is ridden out
 * here; a longer outage loses the email, and the caller logs it.
 */
import { emailsSent } from "../metrics/registry";
import { sendEmail, type EmailMessage } from "./send-email";

/** Pauses before the 2nd and 3rd attempts. */
export const DEFAULT_RETRY_PAUSES_MS = [2_000, 10_000] as const;

export type SendOutcome = { sent: true; attempts: number } | { sent: false; attempts: number; error: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function sendWithRetries(
  kind: string,
  message: EmailMessage,
  pausesMs: readonly number[] = DEFAULT_RETRY_PAUSES_MS,
): Promise<SendOutcome> {
  let error = "";
  for (let attempt = 1; attempt <= pausesMs.length + 1; attempt++) {
    if (attempt > 1) await sleep(pausesMs[attempt - 2]);
    try {
      await sendEmail(message);
      emailsSent.labels(kind, "sent").inc();
      return { sent: true, attempts: attempt };
    } catch (e) {
      error = (e as Error)?.message ?? String(e);
    }
  }
  emailsSent.labels(kind, "failed").inc();
  return { sent: false, attempts: pausesMs.length + 1, error };
}
