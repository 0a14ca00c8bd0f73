/**
 * "A service token was revoked": called by the operator services after the
 * commit, so the API's token cache (lib/store/service-token-cache.ts) forgets
 * it before the next request on this process; other replicas within the
 * cache's maximum age (500 ms).
 */
import { changeChannel } from "../server/change-channel";

const channel = changeChannel("service-tokens");

export function announceServiceTokenChange(): void {
  channel.announce();
}

export function onServiceTokenChange(listener: () => void): () => void {
  return channel.on(listener);
}
