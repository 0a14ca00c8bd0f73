/** A real SMTP server for the account email tests, and the links read back from what it received. */
import { afterAll, beforeAll, vi } from "vitest";
import { startTestSmtpServer, type CapturedMail } from "../email/test-smtp-server";

export type Mailbox = {
  messages: CapturedMail[];
  /** Waits (up to 10 s) for a message to `to` whose body matches `match`, sent after `since` messages. */
  waitFor: (to: string, match?: RegExp) => Promise<CapturedMail>;
  /** Messages to `to` so far. */
  to: (to: string) => CapturedMail[];
};

/** Starts the server for the file and points SMTP_HOST/SMTP_PORT at it (call at the top of a describe or file). */
export function useTestMailbox(): Mailbox {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("APP_URL", "https://gatehouse.test");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
  });
  const to = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
  return {
    get messages() {
      return smtp.messages;
    },
    to,
    async waitFor(address, match) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = to(address).find((m) => !match || match.test(m.body));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${address}${match ? ` matching ${match}` : ""}; got ${smtp.messages.length} messages`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** The token of the `/path/<token>` link in a message (the last one, when several). */
export function linkToken(mail: CapturedMail, path: "reset-password" | "verify-email" | "confirm-email-change"): string {
  const all = [...mail.body.matchAll(new RegExp(`https://gatehouse\\.test/${path}/([A-Za-z0-9_-]{43})`, "g"))];
  if (all.length === 0) throw new Error(`no /${path}/ link in:\n${mail.body}`);
  return all[all.length - 1][1];
}

let seq = 0;
/** A unique address per call (the database is shared within a file). */
export const uniqueAddress = (who: string) => `${who}-${Date.now().toString(36)}${(seq++).toString(36)}@mail.test`;

export const meta = (ip = "198.51.100.7") => ({ ip, userAgent: "vitest" });
