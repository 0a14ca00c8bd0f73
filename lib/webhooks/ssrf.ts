/**
 * Where a webhook may go. A delivery URL names a server of the customer's, but the request
 * leaves from ours: without these rules an endpoint could point at the cloud metadata service,
 * a database on the private network or Gatehouse itself (server-side request forgery).
 * - http(s) only; https required unless WEBHOOK_ALLOW_HTTP=true;
 * - every address the host resolves to must be public (lib/webhooks/ip-ranges.ts), unless
 *   WEBHOOK_ALLOW_PRIVATE_NETWORKS=true (tests, end-to-end runs, a receiver on the same network);
 * - the request then connects to the addresses that were checked (pinnedLookup), so a DNS
 *   answer that changes between the check and the connection (rebinding) cannot swap them;
 * - redirects are never followed (lib/webhooks/send-request.ts), so a public URL cannot
 *   bounce the request to a private one.
 */
import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import net from "node:net";
import { networkPolicyFromEnv, type NetworkPolicy } from "./delivery-config";
import { addressKind, type AddressKind } from "./ip-ranges";

type Env = Readonly<Record<string, string | undefined>>;

type Refusal =
  | { kind: "invalid" }
  | { kind: "scheme" }
  | { kind: "https" }
  | { kind: "address"; address: Exclude<AddressKind, "public"> }
  | { kind: "dns" };

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** "[::1]" → "::1": URL keeps the brackets of an IPv6 host. */
const bareHost = (hostname: string) => (hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname);

/** Names that always mean this machine, whatever DNS says (RFC 6761). */
const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost") || host === "localhost.";

/** The checks that need no DNS: syntax, scheme, and a host that is an IP literal or localhost. */
function inspect(raw: string, policy: NetworkPolicy): { url: URL; host: string } | Refusal {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "scheme" };
  if (url.protocol === "http:" && !policy.allowHttp) return { kind: "https" };
  const host = bareHost(url.hostname).toLowerCase();
  if (!host) return { kind: "invalid" };
  if (!policy.allowPrivateNetworks) {
    if (isLocalhostName(host)) return { kind: "address", address: "loopback" };
    const kind = addressKind(host);
    if (kind && kind !== "public") return { kind: "address", address: kind };
  }
  return { url, host };
}

const isRefusal = (value: { url: URL; host: string } | Refusal): value is Refusal => "kind" in value;

function formMessage(refusal: Refusal): string {
  switch (refusal.kind) {
    case "invalid":
      return "Enter a full URL, like https://example.com/webhooks/gatehouse.";
    case "scheme":
      return "Use an https:// URL.";
    case "https":
      return "Use an https:// URL: this server sends webhooks over https only.";
    case "address":
    case "dns":
      return "Use a public address: this server does not send webhooks to loopback, private or link-local addresses.";
  }
}

/** What a delivery's lastError says: short, about their URL, nothing of ours. */
function deliveryError(refusal: Refusal): string {
  switch (refusal.kind) {
    case "invalid":
      return "refused: not a valid URL";
    case "scheme":
      return "refused: not an http(s) URL";
    case "https":
      return "refused: https required";
    case "address":
      return `refused: ${refusal.address} address`;
    case "dns":
      return "host not found";
  }
}

/**
 * For the console's forms: syntax, scheme and literal addresses (no DNS lookup, so a form
 * never waits on a resolver; delivery checks the resolved addresses again).
 */
export function checkWebhookUrl(url: string, env: Env = process.env): UrlCheck {
  const result = inspect(url, networkPolicyFromEnv(env));
  return isRefusal(result) ? { ok: false, reason: formMessage(result) } : { ok: true };
}

export type Lookup = (host: string) => Promise<LookupAddress[]>;

const systemLookup: Lookup = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export type DeliveryTarget =
  | { ok: true; url: URL; host: string; addresses: LookupAddress[] }
  | { ok: false; error: string; refused: boolean };

/** The full check at delivery time: the URL, then every address its host resolves to. */
export async function resolveDeliveryTarget(raw: string, policy: NetworkPolicy, lookup: Lookup = systemLookup): Promise<DeliveryTarget> {
  const result = inspect(raw, policy);
  if (isRefusal(result)) return { ok: false, error: deliveryError(result), refused: true };
  const { url, host } = result;
  const family = net.isIP(host);
  let addresses: LookupAddress[];
  if (family) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return { ok: false, error: deliveryError({ kind: "dns" }), refused: false };
  }
  if (!policy.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const kind = addressKind(address);
      if (kind !== "public") return { ok: false, error: deliveryError({ kind: "address", address: kind ?? "reserved" }), refused: true };
    }
  }
  return { ok: true, url, host, addresses };
}

/**
 * A `lookup` for http(s).request that answers with the addresses already checked, never
 * asking DNS again. Node calls it with `all: true` when it may try several (happy eyeballs).
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): net.LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    const usable = family ? addresses.filter((a) => a.family === family) : [...addresses];
    if (usable.length === 0) {
      callback(Object.assign(new Error("no checked address of the requested family"), { code: "ENOTFOUND" }), "");
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, usable[0].address, usable[0].family);
  };
}
