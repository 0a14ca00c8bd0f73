/**
 * "A service token was revoked": called by the operator services after the
 * commit, so the API's token cache (lib/store/service-token-cache.ts) forgets
 * it before the next request on this process; other replicas within the
 * cache's maximum age (500 ms). globalThis for the same reason as
 * lib/store/key-changes.ts.
 */
type Listener = () => void;

const LISTENERS = Symbol.for("gatehouse.serviceTokenChangeListeners");
const registry = globalThis as unknown as { [LISTENERS]?: Set<Listener> };

function listeners(): Set<Listener> {
  return (registry[LISTENERS] ??= new Set());
}

export function announceServiceTokenChange(): void {
  for (const listener of listeners()) {
    try {
      listener();
    } catch (error) {
      console.error("[service-tokens] a change listener failed", error);
    }
  }
}

export function onServiceTokenChange(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
