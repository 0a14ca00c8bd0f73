import { getWebhookEndpoint } from "@/lib/webhooks/endpoint-queries";
import { listDeliveries } from "@/lib/webhooks/delivery-queries";
import { webhookRoute } from "@/lib/webhooks/console-route";

export const dynamic = "force-dynamic";

/** GET ?status=&cursor=: the endpoint's state and counts with one page of its deliveries (the endpoint page polls this). */
export async function GET(request: Request, { params }: { params: Promise<{ team: string; endpointId: string }> }) {
  const { team: slug, endpointId } = await params;
  return webhookRoute(request, slug, async ({ actor, teamId, query }) => {
    const status = query.get("status") || undefined;
    const cursor = query.get("cursor") || undefined;
    const endpoint = await getWebhookEndpoint(actor, { teamId, endpointId });
    const page = await listDeliveries(actor, { teamId, endpointId, status: status as never, cursor });
    return { endpoint, page };
  });
}
