/**
 * The limiters the server built at start (./from-config.ts), installed once
 * by scripts/start.ts for the console's code to find: sign-in and sign-up
 * (lib/auth/throttles.ts) and invitations (lib/invitations/limits.ts) run
 * inside Next.js, which bundles its own copy of every module they import, so
 * a module-level variable set by start.ts would not be seen there. Both
 * copies share globalThis (as lib/store/key-changes.ts does).
 *
 * Nothing installed (tests, scripts): callers use their own database limiter,
 * which is what a server without REDIS_URL installs anyway.
 */
import type { Limiter } from "./limiter";

const INSTALLED = Symbol.for("gatehouse.limiters");
const registry = globalThis as unknown as { [INSTALLED]?: { lowRate: Limiter } };

export function installLimiters(limiters: { lowRate: Limiter }): void {
  registry[INSTALLED] = { lowRate: limiters.lowRate };
}

/** Removes what `installLimiters` put in place (tests). */
export function uninstallLimiters(): void {
  delete registry[INSTALLED];
}

/** The installed limiter for sign-in, sign-up and invitations, or undefined. */
export function installedLowRateLimiter(): Limiter | undefined {
  return registry[INSTALLED]?.lowRate;
}
