/**
 * The gateway's settings, read once at start:
 * - ANTHROPIC_UPSTREAM_URL: where requests go (default https://api.anthropic.com);
 *   http(s), no credentials, query or fragment; a path prefix is kept.
 * - ANTHROPIC_UPSTREAM_API_KEY: the provider's own key, sent upstream as
 *   x-api-key. Unset: the gateway answers every request with a clear 503 and
 *   the rest of Gatehouse works as before.
 * - GATEWAY_DRAIN_SECONDS: how long SIGTERM waits for requests in flight
 *   (streams) before the process exits (default 60, 0 to 3600).
 * A bad value is a ConfigError naming the variable: the start stops with it.
 */
import { z } from "zod";
import { ConfigError } from "../db-url";

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_UPSTREAM_URL = "https://api.anthropic.com";
export const DEFAULT_DRAIN_SECONDS = 60;

export type GatewayConfig = {
  /** Parsed upstream origin and path prefix (no trailing slash). */
  upstream: { protocol: "http:" | "https:"; hostname: string; port: number; pathPrefix: string; host: string; origin: string };
  /** null: not configured (every gateway request answers 503). */
  upstreamApiKey: string | null;
  drainSeconds: number;
};

const upstreamUrl = z
  .string()
  .trim()
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: "custom", message: `ANTHROPIC_UPSTREAM_URL must be a URL like ${DEFAULT_UPSTREAM_URL}, got "${text.slice(0, 200)}"` });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: `ANTHROPIC_UPSTREAM_URL must start with https:// (or http://), got "${url.protocol}"` });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: "custom", message: "ANTHROPIC_UPSTREAM_URL must not carry credentials, a query or a fragment (the key goes in ANTHROPIC_UPSTREAM_API_KEY)" });
      return z.NEVER;
    }
    const protocol = url.protocol as "http:" | "https:";
    return {
      protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port ? Number(url.port) : protocol === "https:" ? 443 : 80,
      pathPrefix: url.pathname.replace(/\/+$/, ""),
      host: url.host,
      origin: url.origin,
    };
  });

const apiKey = z
  .string()
  .trim()
  // A header value: printable ASCII without spaces, so it can never split or smuggle a header.
  .regex(/^[\x21-\x7e]{1,500}$/, "ANTHROPIC_UPSTREAM_API_KEY must be the upstream API key: printable characters, no spaces, at most 500");

const drain = z
  .string()
  .trim()
  .regex(/^\d+$/, "GATEWAY_DRAIN_SECONDS must be a whole number of seconds (0 to 3600)")
  .transform(Number)
  .refine((n) => n <= 3600, "GATEWAY_DRAIN_SECONDS must be at most 3600 (an hour)");

const schema = z.object({
  ANTHROPIC_UPSTREAM_URL: upstreamUrl.optional(),
  ANTHROPIC_UPSTREAM_API_KEY: apiKey.optional(),
  GATEWAY_DRAIN_SECONDS: drain.optional(),
});

/** Unset and empty variables take their defaults. */
export function gatewayConfigFromEnv(env: Env): GatewayConfig {
  const given = (name: keyof z.input<typeof schema>) => (env[name]?.trim() ? env[name] : undefined);
  const parsed = schema.safeParse({
    ANTHROPIC_UPSTREAM_URL: given("ANTHROPIC_UPSTREAM_URL"),
    ANTHROPIC_UPSTREAM_API_KEY: given("ANTHROPIC_UPSTREAM_API_KEY"),
    GATEWAY_DRAIN_SECONDS: given("GATEWAY_DRAIN_SECONDS"),
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues[0].message);
  const upstream = parsed.data.ANTHROPIC_UPSTREAM_URL ?? upstreamUrl.parse(DEFAULT_UPSTREAM_URL);
  return {
    upstream,
    upstreamApiKey: parsed.data.ANTHROPIC_UPSTREAM_API_KEY ?? null,
    drainSeconds: parsed.data.GATEWAY_DRAIN_SECONDS ?? DEFAULT_DRAIN_SECONDS,
  };
}
