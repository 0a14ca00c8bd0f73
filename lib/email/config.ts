export const DEFAULT_EMAIL_FROM = "Gatehouse <no-reply@gatehouse.local>";

export type SmtpConfig = {
  host: string;
  port: number;
  /** true: implicit TLS from the first byte (usually port 465); false: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string };
};

export type EmailConfig = { from: string; smtp: SmtpConfig | null };

type Env = Record<string, string | undefined>;

/** Reads SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURE and EMAIL_FROM. No SMTP_HOST: log instead of sending. */
export function emailConfigFromEnv(env: Env = process.env): EmailConfig {
  const from = env.EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM;
  const host = env.SMTP_HOST?.trim();
  if (!host) return { from, smtp: null };
  const secure = env.SMTP_SECURE?.trim().toLowerCase() === "true";
  const port = Number(env.SMTP_PORT?.trim() || (secure ? 465 : 587));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`SMTP_PORT must be a port number, got "${env.SMTP_PORT}"`);
  }
  const user = env.SMTP_USER?.trim();
  const auth = user ? { user, pass: env.SMTP_PASSWORD ?? "" } : undefined;
  return { from, smtp: { host, port, secure, auth } };
}

/** Base URL for links in emails: APP_URL, else NEXTAUTH_URL, else http://localhost:3000. */
export function appBaseUrl(env: Env = process.env): string {
  const url = env.APP_URL?.trim() || env.NEXTAUTH_URL?.trim() || "http://localhost:3000";
  return url.replace(/\/+$/, "");
}
