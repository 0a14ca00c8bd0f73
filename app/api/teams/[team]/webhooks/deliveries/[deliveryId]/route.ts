import { getDelivery } from "@/lib/webhooks/delivery-queries";
import { webhookRoute } from "@/lib/webhooks/console-route";

export const dynamic = "force-dynamic";

/** GET: one delivery with its payload and request headers (a row of the deliveries table, opened). */
export async function GET(request: Request, { params }: { params: Promise<{ team: string; deliveryId: string }> }) {
  const { team: slug, deliveryId } = await params;
  return webhookRoute(request, slug, ({ actor, teamId }) => getDelivery(actor, { teamId, deliveryId }));
}
