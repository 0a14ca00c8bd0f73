/**
 * The client's address as set by our own HTTP server (server/http-server.ts),
 * which overwrites x-real-ip with the socket address unless TRUST_PROXY is on,
 * so a client cannot spoof it to dodge sign-in throttling.
 */
export function clientIpFrom(header: (name: string) => string | null | undefined): string {
  return (header("x-real-ip") ?? "").trim() || "unknown";
}

export type RequestMeta = { ip: string; userAgent: string };

export function requestMetaFrom(header: (name: string) => string | null | undefined): RequestMeta {
  return {
    ip: clientIpFrom(header),
    userAgent: (header("user-agent") ?? "").slice(0, 300),
  };
}

/**
 * The address a per-address limit counts against. An IPv6 client usually holds
 * a whole /64 (its provider hands out the prefix; the last 64 bits are its
 * own to pick), so counting each IPv6 address apart would let one client
 * rotate through billions of them: IPv6 is counted per /64. IPv4, and IPv4
 * mapped into IPv6 (`::ffff:1.2.3.4`), count per address.
 */
export function limitAddress(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const zoneless = address.split("%")[0];
  const [head, tail = ""] = zoneless.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  if (!zoneless.includes("::") && left.length !== 8) return address;
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
