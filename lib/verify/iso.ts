/**
 * ISO-8601 text for an epoch-ms instant on the verify hot path. Next.js
 * replaces the global Date with a slower wrapper once it loads; the API's
 * modules load before it (scripts/start.ts), so the Date captured here is the
 * engine's own.
 */
const NativeDate = globalThis.Date;

export function isoAt(ms: number): string {
  return new NativeDate(ms).toISOString();
}
