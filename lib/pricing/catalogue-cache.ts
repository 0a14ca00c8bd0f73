/**
 * Keeps the hot path's Catalogue current: loaded at start, reloaded at once
 * when an operator change is announced on this process
 * (./changes.ts) and every few seconds for changes made on other replicas.
 * Reads go to memory; a failed reload keeps the last catalogue.
 */
import { onCatalogueChange } from "./changes";
import { Catalogue, EMPTY_CATALOGUE, type CatalogueModel } from "./catalogue";

export type CatalogueLoader = () => Promise<Catalogue>;

export class CatalogueCache {
  private current: Catalogue = EMPTY_CATALOGUE;
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly load: CatalogueLoader = loadCatalogue, readonly refreshMs = 5000) {
    this.unsubscribe = onCatalogueChange(() => void this.reload());
  }

  get catalogue(): Catalogue {
    return this.current;
  }

  /** Loads the catalogue; a first load that fails stops the start (pricing everything at zero is not an option). */
  async start(): Promise<this> {
    this.current = await this.load();
    this.timer = setInterval(() => void this.reload(), this.refreshMs);
    this.timer.unref();
    return this;
  }

  /** Loads now; a reload asked for while one runs runs once more after it, so no announced change is missed. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          this.current = await this.load();
        } while (this.again);
      } catch (error) {
        console.warn(`[pricing] could not load the model catalogue: ${(error as Error).message}`);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  stop(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }
}

/** Reads the catalogue and the fallback price through the console's Prisma client. */
export async function loadCatalogue(): Promise<Catalogue> {
  const { db } = await import("../db");
  const [models, settings] = await Promise.all([
    db.model.findMany({ include: { prices: true } }),
    db.operatorSettings.findUnique({ where: { id: 1 } }),
  ]);
  const list: CatalogueModel[] = models.map((m) => ({
    id: m.id,
    displayName: m.displayName,
    enabled: m.enabled,
    sortOrder: m.sortOrder,
    createdAt: m.createdAt.getTime(),
    prices: m.prices.map((p) => ({
      effectiveFrom: Number(p.effectiveFrom),
      inputPerMTok: p.inputPerMTok,
      outputPerMTok: p.outputPerMTok,
      cacheWritePerMTok: p.cacheWritePerMTok,
      cacheReadPerMTok: p.cacheReadPerMTok,
    })),
  }));
  const fallback = {
    inputPerMTok: settings?.fallbackInputPerMTok ?? 15_000_000,
    outputPerMTok: settings?.fallbackOutputPerMTok ?? 75_000_000,
    cacheWritePerMTok: settings?.fallbackCacheWritePerMTok ?? 18_750_000,
    cacheReadPerMTok: settings?.fallbackCacheReadPerMTok ?? 1_500_000,
  };
  return new Catalogue(list, fallback);
}
