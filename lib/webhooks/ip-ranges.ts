/**
 * Which IP addresses a webhook may be delivered to: pure functions over the bytes of an
 * address, so the rules read as a table and are tested without DNS. Anything not public
 * (loopback, private, link-local and the cloud metadata address, CGNAT, "this network",
 * multicast, reserved and documentation ranges) is refused by lib/webhooks/ssrf.ts unless
 * the operator allows private networks. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16)
 * are judged by the IPv4 address inside, so ::ffff:127.0.0.1 is loopback too.
 */
import net from "node:net";

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "shared (CGNAT)"
  | "unspecified"
  | "multicast"
  | "reserved";

type Range = { bytes: number[]; bits: number; kind: Exclude<AddressKind, "public"> };

const v4 = (cidr: string, kind: Range["kind"]): Range => {
  const [address, bits] = cidr.split("/");
  return { bytes: address.split(".").map(Number), bits: Number(bits), kind };
};

/** Checked in order: the first range that holds the address names its kind. */
const IPV4_RANGES: Range[] = [
  v4("0.0.0.0/8", "unspecified"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "shared (CGNAT)"),
  v4("127.0.0.0/8", "loopback"),
  // 169.254.169.254 (the cloud metadata service) is in here.
  v4("169.254.0.0/16", "link-local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"),
  v4("192.0.2.0/24", "reserved"),
  v4("192.88.99.0/24", "reserved"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"),
  v4("198.51.100.0/24", "reserved"),
  v4("203.0.113.0/24", "reserved"),
  v4("224.0.0.0/4", "multicast"),
  // 240/4 holds the broadcast address 255.255.255.255.
  v4("240.0.0.0/4", "reserved"),
];

const v6 = (prefix: number[], bits: number, kind: Range["kind"]): Range => ({ bytes: prefix, bits, kind });

const IPV6_RANGES: Range[] = [
  v6([0xfc], 7, "private"),
  v6([0xfe, 0x80], 10, "link-local"),
  // Deprecated site-local fec0::/10.
  v6([0xfe, 0xc0], 10, "private"),
  v6([0xff], 8, "multicast"),
  // Discard-only 100::/64, documentation 2001:db8::/32, ORCHIDs 2001:10::/28 and 2001:20::/28.
  v6([0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, "reserved"),
  v6([0x20, 0x01, 0x0d, 0xb8], 32, "reserved"),
  v6([0x20, 0x01, 0x00, 0x10], 28, "reserved"),
  v6([0x20, 0x01, 0x00, 0x20], 28, "reserved"),
];

function inRange(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const take = Math.min(8, range.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((range.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function classify(bytes: number[], ranges: Range[]): AddressKind {
  return ranges.find((range) => inRange(bytes, range))?.kind ?? "public";
}

/** The 16 bytes of an IPv6 address (validated by net.isIPv6 first), zone id dropped. */
export function ipv6Bytes(address: string): number[] {
  let text = address.split("%")[0];
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1].split(".").map(Number));
    text = text.slice(0, -dotted[1].length) + "0:0";
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, null];
  const groups = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = rest === null ? [] : groups(rest);
  const all = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries, if it is one of the forms that do. */
function embeddedIpv4(b: number[]): number[] | null {
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; ::, ::1 are handled before).
  if (zero(0, 10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return b.slice(12);
  // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48 (local NAT64).
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return b.slice(12);
  // 2002:AABB:CCDD::/48 (6to4).
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  return null;
}

/** What kind of address `address` (an IPv4 or IPv6 literal) is; null when it is not an IP address. */
export function addressKind(address: string): AddressKind | null {
  const family = net.isIP(address.split("%")[0]);
  if (family === 4) return classify(address.split(".").map(Number), IPV4_RANGES);
  if (family !== 6) return null;
  const bytes = ipv6Bytes(address);
  if (bytes.every((x) => x === 0)) return "unspecified";
  if (bytes.slice(0, 15).every((x) => x === 0) && bytes[15] === 1) return "loopback";
  const inner = embeddedIpv4(bytes);
  if (inner) return classify(inner, IPV4_RANGES);
  return classify(bytes, IPV6_RANGES);
}

export function isPublicAddress(address: string): boolean {
  return addressKind(address) === "public";
}
