import { ConfigError } from "../db-url";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A whole number from the environment, `fallback` when unset. Anything else
 * (a typo, a negative, "0" where zero makes no sense) is a configuration
 * error (ConfigError: the start stops with this message) that names the
 * variable, so a mistyped limit is not silently ignored.
 */
export function intFromEnv(env: Env, name: string, fallback: number, { min = 1 }: { min?: number } = {}): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    const what = min === 0 ? "a whole number (0 or more)" : "a positive whole number";
    throw new ConfigError(`${name} must be ${what}, got "${raw}"`);
  }
  return value;
}
