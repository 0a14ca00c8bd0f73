/**
 * Per-process cache of key lookups, used by both stores, exact where it must
 * be:
 * - an entry is served for at most `maxAgeMs` (default 500 ms), whatever
 *   changed the key (the console on another replica, a script writing to the
 *   SQLite file, SQL by hand): every process sees a revocation or rotation in
 *   well under a second even if no announcement reaches it;
 * - announced changes (lib/store/key-changes.ts on this replica, NOTIFY from
 *   the others) drop entries at once;
 * - a lookup that was in flight while any invalidation happened is not cached
 *   (it may have read the row before the change committed);
 * - expiry and revocation times are judged at use time by the caller, never
 *   cached as a verdict; unknown keys are never cached (a key created a
 *   moment ago on another replica must work at once).
 */
import type { KeyChange } from "./key-changes";
import type { KeyRow } from "./types";

type Entry = { row: KeyRow; loadedAt: number };

export const DEFAULT_KEY_CACHE = { maxAgeMs: 500, maxEntries: 10_000 };

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation; a fill started under an older generation is dropped. */
  private generation = 0;

  constructor(readonly maxAgeMs = DEFAULT_KEY_CACHE.maxAgeMs, readonly maxEntries = DEFAULT_KEY_CACHE.maxEntries) {}

  get size(): number {
    return this.entries.size;
  }

  get(hash: string, now: number): KeyRow | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (now - entry.loadedAt >= this.maxAgeMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.row;
  }

  /** Marks the start of a database lookup; pass the token to `fill`. */
  begin(): number {
    return this.generation;
  }

  fill(hash: string, row: KeyRow | undefined, loadedAt: number, token: number): void {
    if (!row || token !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: Map iteration follows insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { row, loadedAt });
  }

  invalidate(change: KeyChange): void {
    this.generation++;
    const keyIds = new Set(change.keyIds ?? []);
    const teamIds = new Set(change.teamIds ?? []);
    for (const [hash, { row }] of this.entries) {
      if (keyIds.has(row.id) || teamIds.has(row.teamId)) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
