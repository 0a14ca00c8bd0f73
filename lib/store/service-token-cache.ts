/**
 * Per-process cache of service-token lookups, keyed by the secret itself (a
 * hit costs neither a hash nor a read): every /api/v1 call is authenticated,
 * and an uncached indexed read per request costs a large share of verify's
 * throughput (see ./sqlite/store.ts). Entries live 500 ms;
 * a revocation announced on this process (lib/operator/service-token-changes.ts)
 * empties the cache at once, so a revoked token is refused on the next request
 * here and within 500 ms on other replicas. Unknown tokens are not cached.
 */
import { onServiceTokenChange } from "../operator/service-token-changes";
import type { ServiceTokenRow } from "./types";

export class ServiceTokenCache {
  private readonly entries = new Map<string, { row: ServiceTokenRow; loadedAt: number }>();
  private generation = 0;
  private readonly touched = new Map<string, number>();
  readonly unsubscribe: () => void;

  constructor(readonly maxAgeMs = 500, readonly maxEntries = 1000) {
    this.unsubscribe = onServiceTokenChange(() => this.clear());
  }

  get(secret: string, now: number): ServiceTokenRow | undefined {
    const entry = this.entries.get(secret);
    if (!entry) return undefined;
    if (now - entry.loadedAt >= this.maxAgeMs) {
      this.entries.delete(secret);
      return undefined;
    }
    return entry.row;
  }

  begin(): number {
    return this.generation;
  }

  fill(secret: string, row: ServiceTokenRow | undefined, loadedAt: number, token: number): void {
    if (!row || token !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(secret, { row, loadedAt });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether a "last used" write is due for this token (at most one a minute per process). */
  shouldTouch(id: string, now: number): boolean {
    const last = this.touched.get(id) ?? 0;
    if (now - last < 60_000) return false;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(id, now);
    return true;
  }
}
