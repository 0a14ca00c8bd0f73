import { periodLabel } from "../budgets/period";
import { formatUsd } from "../money";

export type BudgetAlertEmailInput = {
  teamName: string;
  /** A key's budget, or the team's (its own budget, or the provider's spend limit when that is the tighter one). */
  scope: "key" | "team";
  keyName?: string;
  limitKind: "budget" | "cap";
  threshold: number;
  spentMicros: number;
  limitMicros: number;
  period: string;
  /** The first instant of the next month, UTC: when the budget resets. */
  resetsAt: Date;
  usageUrl: string;
  keyUrl?: string;
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function formatReset(date: Date): string {
  return date.toLocaleString("en-US", { dateStyle: "long", timeZone: "UTC" }) + ", 00:00 UTC";
}

export function renderBudgetAlertEmail(input: BudgetAlertEmailInput) {
  const limitName = input.limitKind === "cap" ? "monthly spend limit" : "monthly budget";
  const key = input.scope === "key" ? `"${input.keyName ?? "?"}"` : "";
  const subject =
    input.scope === "key"
      ? `Key ${key} has used ${input.threshold} % of its ${limitName}`
      : `${input.teamName}: ${input.threshold} % of the ${limitName} used`;
  const subjectLine = input.scope === "key" ? `The key ${key} of the team "${input.teamName}"` : `The team "${input.teamName}"`;
  const spent = `${formatUsd(input.spentMicros)} of ${formatUsd(input.limitMicros)}`;
  const percent = Math.floor((input.spentMicros * 100) / input.limitMicros);
  const reset = formatReset(input.resetsAt);
  const who = input.scope === "key" ? "this key" : "every key of the team";
  const atLimit =
    input.spentMicros >= input.limitMicros
      ? `The ${limitName} is used up: verification answers BUDGET_EXCEEDED for ${who} until it resets on ${reset}${input.limitKind === "budget" ? " or the budget is raised" : ""}.`
      : `At 100 %, verification answers BUDGET_EXCEEDED for ${who} until the ${limitName} resets.`;
  const capNote = input.limitKind === "cap" ? "This limit is set by your API provider." : "";

  const text = [
    `${subjectLine} has used ${percent} % of its ${limitName} for ${periodLabel(input.period)}: ${spent}.`,
    "",
    atLimit,
    `The ${limitName} resets on ${reset}.`,
    ...(capNote ? [capNote] : []),
    "",
    "See what was spent, by key and model:",
    input.usageUrl,
    ...(input.keyUrl ? ["", "The key's page:", input.keyUrl] : []),
    "",
    "You get this email because you are an alert recipient of the team on Gatehouse.",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f6f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px">${e(subject)}</h1>
<p style="margin:0 0 16px;line-height:1.5">${e(subjectLine)} has used <strong>${percent} %</strong> of its ${e(limitName)} for ${e(periodLabel(input.period))}: <strong>${e(spent)}</strong>.</p>
<p style="margin:0 0 16px;line-height:1.5">${e(atLimit)} The ${e(limitName)} resets on ${e(reset)}.${capNote ? ` ${e(capNote)}` : ""}</p>
<p style="margin:0 0 16px"><a href="${e(input.usageUrl)}" style="display:inline-block;padding:10px 18px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">View usage and spend</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#52525b">Or open this link: <a href="${e(input.usageUrl)}" style="color:#2563eb;word-break:break-all">${e(input.usageUrl)}</a></p>
${input.keyUrl ? `<p style="margin:0 0 8px;font-size:13px;color:#52525b">The key's page: <a href="${e(input.keyUrl)}" style="color:#2563eb;word-break:break-all">${e(input.keyUrl)}</a></p>` : ""}
<p style="margin:0;font-size:13px;color:#52525b">You get this email because you are an alert recipient of the team on Gatehouse.</p>
</td></tr></table>
</body></html>`;

  return { subject, text, html };
}
