/** Tells a team's owners and admins, once, that the worker disabled one of its endpoints (./endpoint-health.ts). */
import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { sendEmail } from "../email/send-email";
import { renderWebhookDisabledEmail } from "../email/webhook-disabled-email";
import { emailsSent } from "../metrics/registry";
import type { DisabledEndpoint } from "./endpoint-health";

type Log = Pick<Console, "log" | "error">;

/** Sent after the disable has committed; a failure is logged, not retried (the console shows the state anyway). */
export async function emailEndpointDisabled(disabled: DisabledEndpoint, log: Log = console): Promise<void> {
  const team = await db.team.findUnique({
    where: { id: disabled.teamId },
    select: {
      name: true,
      slug: true,
      memberships: { where: { role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!team) return;
  const to = [...new Set(team.memberships.map((m) => m.user.email.trim().toLowerCase()).filter(Boolean))];
  if (to.length === 0) return;
  const message = renderWebhookDisabledEmail({
    teamName: team.name,
    url: disabled.url,
    description: disabled.description,
    failedAttempts: disabled.failedAttempts,
    failingSince: disabled.failingSince,
    lastError: disabled.lastError,
    endpointUrl: `${appBaseUrl()}/${encodeURIComponent(team.slug)}/webhooks/${encodeURIComponent(disabled.endpointId)}`,
  });
  try {
    const sent = await sendEmail({ to: to.join(", "), ...message });
    emailsSent.inc({ kind: "webhook_disabled", result: sent.via === "smtp" ? "sent" : "logged" });
  } catch (error) {
    emailsSent.inc({ kind: "webhook_disabled", result: "failed" });
    log.error(`[webhooks] could not email the owners of team ${disabled.teamId} that endpoint ${disabled.endpointId} was disabled: ${(error as Error)?.message ?? error}`);
  }
}
