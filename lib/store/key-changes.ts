/**
 * "These keys just changed": the hook key services call right after the
 * transaction that revoked, rotated or deleted keys has committed, so a store
 * that caches key lookups forgets them before the service even answers (on
 * the replica that made the change, the very next verify sees it).
 *
 * The listeners live on globalThis: Next.js bundles its own copy of the
 * modules a server action imports, while the store lives in the lean API
 * server's copy; both run in one process and share globalThis. Cheap and
 * synchronous; a no-op when nothing caches (SQLite).
 */
export type KeyChange = { keyIds?: readonly string[]; teamIds?: readonly string[] };
type Listener = (change: KeyChange) => void;

const LISTENERS = Symbol.for("gatehouse.keyChangeListeners");
const registry = globalThis as unknown as { [LISTENERS]?: Set<Listener> };

function listeners(): Set<Listener> {
  return (registry[LISTENERS] ??= new Set());
}

export function announceKeyChange(change: KeyChange): void {
  for (const listener of listeners()) {
    try {
      listener(change);
    } catch (error) {
      console.error("[keys] a key-change listener failed", error);
    }
  }
}

/** Subscribes to announcements; returns the unsubscribe function. */
export function onKeyChange(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
