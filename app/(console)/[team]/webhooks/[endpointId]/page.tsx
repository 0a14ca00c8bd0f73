import type { Metadata } from "next";
import { EndpointView } from "@/components/webhooks/endpoint-view";
import { WebhooksOwnersOnly } from "@/components/webhooks/owners-only";
import { can } from "@/lib/permissions";
import { orNotFound, pageActor, requireTeamPage } from "@/lib/teams/team-page";
import { listDeliveries } from "@/lib/webhooks/delivery-queries";
import { getWebhookEndpoint } from "@/lib/webhooks/endpoint-queries";
import { toWire } from "@/lib/webhooks/wire";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ team: string; endpointId: string }> }) {
  const { team: slug, endpointId } = await params;
  const { team, role, user } = await requireTeamPage(slug);
  if (!can(role, "webhooks.manage")) return <WebhooksOwnersOnly role={role} />;

  const actor = await pageActor(user);
  const now = new Date();
  // Another team's endpoint, a deleted one or a malformed id: the 404 page.
  const endpoint = await orNotFound(getWebhookEndpoint(actor, { teamId: team.id, endpointId }, now));
  const page = await listDeliveries(actor, { teamId: team.id, endpointId: endpoint.id });
  return <EndpointView teamId={team.id} teamSlug={team.slug} initial={toWire({ endpoint, page })} renderedAt={now.getTime()} />;
}
