/**
 * "The catalogue or the operator's settings just changed": called by the
 * operator services after their transaction commits, so the hot path's
 * price and plan caches (lib/pricing/catalogue-cache.ts) reload before the
 * next request on this process; other replicas reload within their refresh
 * interval. Listeners live on globalThis for the same reason as
 * lib/store/key-changes.ts (Next bundles its own copy of this module).
 */
type Listener = () => void;

const LISTENERS = Symbol.for("gatehouse.catalogueChangeListeners");
const registry = globalThis as unknown as { [LISTENERS]?: Set<Listener> };

function listeners(): Set<Listener> {
  return (registry[LISTENERS] ??= new Set());
}

export function announceCatalogueChange(): void {
  for (const listener of listeners()) {
    try {
      listener();
    } catch (error) {
      console.error("[pricing] a catalogue-change listener failed", error);
    }
  }
}

export function onCatalogueChange(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
