/**
 * "The catalogue or the operator's settings just changed": called by the
 * operator services after their transaction commits, so the hot path's
 * price and plan caches (lib/pricing/catalogue-cache.ts) reload before the
 * next request on this process; other replicas reload within their refresh
 * interval.
 */
import { changeChannel } from "../server/change-channel";

const channel = changeChannel("catalogue");

export function announceCatalogueChange(): void {
  channel.announce();
}

export function onCatalogueChange(listener: () => void): () => void {
  return channel.on(listener);
}
