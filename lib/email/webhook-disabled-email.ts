/** The email to a team's owners and admins when the delivery worker turns off an endpoint that kept failing. */
export type WebhookDisabledEmailInput = {
  teamName: string;
  url: string;
  description: string;
  failedAttempts: number;
  failingSince: Date;
  lastError: string;
  endpointUrl: string;
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const formatUtc = (date: Date) => `${date.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;

export function renderWebhookDisabledEmail(input: WebhookDisabledEmailInput) {
  const subject = "Webhook endpoint disabled";
  const name = input.description ? `"${input.description}" (${input.url})` : input.url;
  const summary = `Gatehouse stopped sending events of the team "${input.teamName}" to the webhook endpoint ${name}: its last ${input.failedAttempts} delivery attempts failed, the first on ${formatUtc(input.failingSince)}.`;
  const lastError = `Last error: ${input.lastError || "unknown"}`;
  const next = "Events are no longer queued for it and the deliveries still waiting were cancelled. Once the receiver answers again, enable the endpoint on its page (and resend what it missed from its deliveries).";

  const text = [
    summary,
    "",
    lastError,
    "",
    next,
    "",
    "The endpoint's page:",
    input.endpointUrl,
    "",
    "You get this email because you are an owner or admin of the team on Gatehouse.",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px">${e(subject)}</h1>
<p style="margin:0 0 16px;line-height:1.5">${e(summary)}</p>
<p style="margin:0 0 16px;line-height:1.5;font-family:ui-monospace,Menlo,monospace;font-size:13px;background:#f4f4f5;padding:8px 12px;border-radius:6px;word-break:break-all">${e(lastError)}</p>
<p style="margin:0 0 16px;line-height:1.5">${e(next)}</p>
<p style="margin:0 0 16px"><a href="${e(input.endpointUrl)}" style="display:inline-block;padding:10px 18px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">Open the endpoint</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">Or open this link: <a href="${e(input.endpointUrl)}" style="color:#2563eb;word-break:break-all">${e(input.endpointUrl)}</a></p>
<p style="margin:0;font-size:13px;color:#52525b">You get this email because you are an owner or admin of the team on Gatehouse.</p>
</td></tr></table>
</body></html>`;

  return { subject, text, html };
}
