/**
 * The account emails: password reset, address confirmation, email change
 * (the link to the new address, the notice to the old one) and the notice to
 * an address someone tried to sign up with. Same SMTP setup and look as the
 * invitation email (lib/invitations/invitation-email.ts). Nothing the
 * requester typed appears in them except the addresses involved.
 */
import { appBaseUrl } from "../email/config";
import { sendEmail, type SendResult } from "../email/send-email";

export type RenderedEmail = { subject: string; text: string; html: string };

type Content = {
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  notes: string[];
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function formatTime(date: Date): string {
  return date.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

function render(content: Content): RenderedEmail {
  const text = [
    content.greeting,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.action ? [`${content.action.label}:`, content.action.url, ""] : []),
    ...content.notes,
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px">${e(content.heading)}</h1>
<p style="margin:0 0 16px;line-height:1.5">${e(content.greeting)}</p>
${content.paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${e(p)}</p>`).join("\n")}
${
  content.action
    ? `<p style="margin:0 0 16px"><a href="${e(content.action.url)}" style="display:inline-block;padding:10px 18px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${e(content.action.label)}</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">Or open this link: <a href="${e(content.action.url)}" style="color:#2563eb;word-break:break-all">${e(content.action.url)}</a></p>`
    : ""
}
${content.notes.map((n) => `<p style="margin:0 0 8px;font-size:13px;color:#52525b">${e(n)}</p>`).join("\n")}
</td></tr></table>
</body></html>`;
  return { subject: content.subject, text, html };
}

export const passwordResetUrl = (token: string) => `${appBaseUrl()}/reset-password/${token}`;
export const emailVerificationUrl = (token: string) => `${appBaseUrl()}/verify-email/${token}`;
export const emailChangeUrl = (token: string) => `${appBaseUrl()}/confirm-email-change/${token}`;

type Person = { name: string; email: string };

export function renderPasswordResetEmail(to: Person, url: string, expiresAt: Date): RenderedEmail {
  return render({
    subject: "Reset your Gatehouse password",
    heading: "Reset your password",
    greeting: `Hello ${to.name},`,
    paragraphs: [`Someone (hopefully you) asked to reset the password of the Gatehouse account ${to.email}.`],
    action: { label: "Choose a new password", url },
    notes: [
      `The link works once and expires on ${formatTime(expiresAt)}. Asking for another link makes this one stop working.`,
      "Resetting your password signs you out everywhere.",
      "If you didn't ask for this, ignore this email: your password stays as it is.",
    ],
  });
}

export function renderEmailVerificationEmail(to: Person, url: string, expiresAt: Date): RenderedEmail {
  return render({
    subject: "Confirm your email address for Gatehouse",
    heading: "Confirm your email address",
    greeting: `Hello ${to.name},`,
    paragraphs: [`Confirm that ${to.email} is your address to finish setting up your Gatehouse account. Until then you can't create API keys.`],
    action: { label: "Confirm my address", url },
    notes: [
      `The link works once and expires on ${formatTime(expiresAt)}. You can ask for a new one from the console.`,
      "If you didn't create a Gatehouse account, ignore this email.",
    ],
  });
}

export function renderSignUpAttemptEmail(to: Person): RenderedEmail {
  const base = appBaseUrl();
  return render({
    subject: "Someone tried to create a Gatehouse account with your address",
    heading: "You already have an account",
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `Someone tried to create a Gatehouse account with ${to.email}, but there already is one for this address, so nothing was created.`,
      `If it was you, sign in instead: ${base}/sign-in`,
      `If you forgot your password, reset it: ${base}/forgot-password`,
    ],
    notes: ["If it wasn't you, you don't need to do anything: your account is unchanged."],
  });
}

export function renderEmailChangeEmail(to: Person & { newEmail: string }, url: string, expiresAt: Date): RenderedEmail {
  return render({
    subject: "Confirm your new email address for Gatehouse",
    heading: "Confirm your new address",
    greeting: `Hello ${to.name},`,
    paragraphs: [`You asked to change the email address of your Gatehouse account from ${to.email} to ${to.newEmail}. Open the link to confirm it.`],
    action: { label: "Use this address", url },
    notes: [
      `The link works once and expires on ${formatTime(expiresAt)}. Until then you keep signing in as ${to.email}.`,
      "If you didn't ask for this, ignore this email: nothing changes.",
    ],
  });
}

export function renderEmailChangeNoticeEmail(to: Person & { newEmail: string }): RenderedEmail {
  return render({
    subject: "Your Gatehouse email address is being changed",
    heading: "Your email address is being changed",
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `Someone signed in to your Gatehouse account asked to change its email address from ${to.email} to ${to.newEmail}. The change happens when the link sent to the new address is opened.`,
      `If this wasn't you, reset your password now: ${appBaseUrl()}/forgot-password. A reset signs out every session and cancels the change.`,
    ],
    notes: ["If it was you, you don't need to do anything."],
  });
}

/**
 * Sends without throwing: the caller's answer must not depend on the mail
 * server (and must not tell, by failing, whether an account exists). Failures
 * are logged. Returns what happened, for tests.
 */
export async function sendAccountEmail(to: string, email: RenderedEmail, what: string): Promise<SendResult | null> {
  try {
    return await sendEmail({ to, ...email });
  } catch (error) {
    console.error(`[account] could not send the ${what} email to ${to}:`, (error as Error)?.message ?? error);
    return null;
  }
}
