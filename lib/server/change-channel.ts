/**
 * An in-process "this just changed" channel, for the caches the hot path
 * keeps (keys, service tokens, the catalogue): services announce after their
 * transaction commits, caches subscribe. Listeners live on globalThis, keyed
 * by name: Next.js bundles its own copy of the modules a server action
 * imports, while the caches live in the lean API server's copy; both run in
 * one process and share globalThis. A failing listener is logged and never
 * stops the others or the service that announced.
 */
export type ChangeChannel<T> = {
  announce(change: T): void;
  /** Subscribes; returns the unsubscribe function. */
  on(listener: (change: T) => void): () => void;
};

export function changeChannel<T = void>(name: string): ChangeChannel<T> {
  const key = Symbol.for(`gatehouse.changes.${name}`);
  const registry = globalThis as unknown as Record<symbol, Set<(change: T) => void> | undefined>;
  const listeners = () => (registry[key] ??= new Set());
  return {
    announce(change: T) {
      for (const listener of listeners()) {
        try {
          listener(change);
        } catch (error) {
          console.error(`[${name}] a change listener failed`, error);
        }
      }
    },
    on(listener) {
      listeners().add(listener);
      return () => listeners().delete(listener);
    },
  };
}
