/**
 * The emails about one API key sent to its team's owners, admins and creator:
 * an expiry reminder (lib/reminders/) and "found in public and revoked" (lib/keys/leaked.ts).
 */
import { ENVIRONMENT_LABELS, type Environment } from "../keys/constants";

export type KeyEmailKey = { name: string; prefix: string; last4: string; environment: string };

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** "December 17, 2026, 14:05:09 UTC": to the second, so nobody has to guess the time zone or the hour. */
export function formatUtcExact(date: Date): string {
  const text = date.toLocaleString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  });
  return `${text} UTC`;
}

const environmentOf = (key: KeyEmailKey) => ENVIRONMENT_LABELS[key.environment as Environment] ?? key.environment;
const keyFacts = (key: KeyEmailKey) => [`Key: ${key.name}`, `Visible part: ${key.prefix}…${key.last4}`, `Environment: ${environmentOf(key)}`];

function layout(subject: string, paragraphs: string[], facts: string[], button: { label: string; url: string }, footer: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px">${e(subject)}</h1>
${paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${e(p)}</p>`).join("\n")}
<ul style="margin:0 0 16px;padding-left:20px;line-height:1.6;word-break:break-all">${facts.map((f) => `<li>${e(f)}</li>`).join("")}</ul>
<p style="margin:0 0 16px"><a href="${e(button.url)}" style="display:inline-block;padding:10px 18px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${e(button.label)}</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">Or open this link: <a href="${e(button.url)}" style="color:#2563eb;word-break:break-all">${e(button.url)}</a></p>
<p style="margin:0;font-size:13px;color:#52525b">${e(footer)}</p>
</td></tr></table>
</body></html>`;
}

const FOOTER = "You get this email because you are an owner or admin of the team on Gatehouse, or you created this key.";

export type ExpiryReminderEmailInput = { teamName: string; key: KeyEmailKey; expiresAt: Date; now: Date; keyUrl: string };

const HOUR = 60 * 60 * 1000;

/** "7 days", "1 day", "5 hours": the time left, rounded up (a run a few minutes after the 7-day moment still says 7 days). */
export function timeLeftText(expiresAt: Date, now: Date): string {
  const left = Math.max(0, expiresAt.getTime() - now.getTime());
  if (left <= 12 * HOUR) {
    const hours = Math.max(1, Math.ceil(left / HOUR));
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  const days = Math.ceil(left / (24 * HOUR));
  return days === 1 ? "1 day" : `${days} days`;
}

export function renderExpiryReminderEmail(input: ExpiryReminderEmailInput) {
  const when = timeLeftText(input.expiresAt, input.now);
  const subject = `API key "${input.key.name}" expires in ${when}`;
  const facts = [...keyFacts(input.key), `Expires: ${formatUtcExact(input.expiresAt)}`];
  const paragraphs = [
    `The API key "${input.key.name}" of the team "${input.teamName}" stops working on ${formatUtcExact(input.expiresAt)}. From then on every request made with it is refused (EXPIRED).`,
    "To keep the service that uses it running, rotate the key (a new secret, optionally with the old one working for a while) or create a new one and deploy it before then.",
  ];
  const text = [...paragraphs, "", ...facts, "", "The key's page:", input.keyUrl, "", FOOTER].join("\n");
  return { subject, text, html: layout(subject, paragraphs, facts, { label: "Open the key", url: input.keyUrl }, FOOTER) };
}

export type KeyLeakedEmailInput = { teamName: string; key: KeyEmailKey; revokedAt: Date; url: string; source: string; reporter: string; keyUrl: string };

export function renderKeyLeakedEmail(input: KeyLeakedEmailInput) {
  const subject = "Your API key was found in public and revoked";
  const facts = [
    ...keyFacts(input.key),
    `Found at: ${input.url || "(no address given)"}`,
    `Source: ${input.source || "(not given)"}`,
    `Reported by: ${input.reporter}`,
    `Revoked: ${formatUtcExact(input.revokedAt)}`,
  ];
  const paragraphs = [
    `The API key "${input.key.name}" of the team "${input.teamName}" was found in a public place and reported to Gatehouse. It was revoked at once: every request made with it is now refused (REVOKED).`,
    "Create a new key (or rotate another one) for the service that used it, deploy it, and remove the old secret from where it was found: anyone may have copied it.",
  ];
  const text = [...paragraphs, "", ...facts, "", "The key's page:", input.keyUrl, "", FOOTER].join("\n");
  return { subject, text, html: layout(subject, paragraphs, facts, { label: "Open the key", url: input.keyUrl }, FOOTER) };
}
