/**
 * The usage event of one forwarded request (kind "gateway"), priced from the
 * catalogue at the request's time. Latency and time to first token are whole
 * milliseconds, capped where an event stops being storable.
 */
import type { KeyRow } from "../api/key-lookup";
import type { Catalogue } from "../pricing/catalogue";
import { MAX_LATENCY_MS, type UsageEventInput } from "../usage/events";
import type { MeteredTokens } from "./sse-meter";

export type GatewayOutcome = { row: KeyRow; ts: number; model: string; status: number; outcome: string; latencyMs: number; ttftMs: number | null; tokens: MeteredTokens; catalogue: Catalogue };

const ms = (value: number) => Math.min(MAX_LATENCY_MS, Math.max(0, Math.round(value)));

export function gatewayEvent(o: GatewayOutcome): UsageEventInput {
  const { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens } = o.tokens;
  const counts = { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens };
  const priced = o.catalogue.price(o.model, o.ts, counts);
  return {
    keyId: o.row.id,
    teamId: o.row.teamId,
    ts: o.ts,
    kind: "gateway",
    outcome: o.outcome,
    status: o.status,
    latencyMs: ms(o.latencyMs),
    ttftMs: o.ttftMs === null ? null : ms(o.ttftMs),
    model: o.model,
    ...counts,
    costMicros: priced.costMicros,
    fallbackPriced: priced.fallbackPriced,
  };
}
