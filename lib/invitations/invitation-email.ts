import { ROLE_LABELS, type Role } from "../permissions";

export type InvitationEmailInput = {
  to: string;
  teamName: string;
  inviterName: string;
  inviterEmail: string;
  role: Role;
  message: string;
  url: string;
  expiresAt: Date;
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function formatExpiry(date: Date): string {
  return date.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export function renderInvitationEmail(input: InvitationEmailInput) {
  const role = ROLE_LABELS[input.role];
  const inviter = `${input.inviterName} (${input.inviterEmail})`;
  const expires = formatExpiry(input.expiresAt);
  const subject = `${input.inviterName} invited you to ${input.teamName} on Gatehouse`;

  const text = [
    `${inviter} invited you to join the team "${input.teamName}" on Gatehouse as ${role}.`,
    ...(input.message ? ["", `Message from ${input.inviterName}:`, ...input.message.split("\n").map((l) => `> ${l}`)] : []),
    "",
    "Accept the invitation:",
    input.url,
    "",
    `This link works once and expires on ${expires}.`,
    `Sign in (or create an account) as ${input.to} to accept it.`,
    "If you weren't expecting this, you can ignore this email.",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px">Join ${e(input.teamName)} on Gatehouse</h1>
<p style="margin:0 0 16px;line-height:1.5"><strong>${e(input.inviterName)}</strong> (${e(input.inviterEmail)}) invited you to join <strong>${e(input.teamName)}</strong> as <strong>${e(role)}</strong>.</p>
${input.message ? `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #d4d4d8;color:#3f3f46;white-space:pre-wrap">${e(input.message)}</blockquote>` : ""}
<p style="margin:0 0 16px"><a href="${e(input.url)}" style="display:inline-block;padding:10px 18px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">Accept invitation</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">Or open this link: <a href="${e(input.url)}" style="color:#2563eb;word-break:break-all">${e(input.url)}</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">The link works once and expires on ${e(expires)}. Sign in or create an account as ${e(input.to)} to accept it.</p>
<p style="margin:0;font-size:13px;color:#52525b">If you weren't expecting this, you can ignore this email.</p>
</td></tr></table>
</body></html>`;

  return { subject, text, html };
}
