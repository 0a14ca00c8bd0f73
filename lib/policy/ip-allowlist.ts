/**
 * A key's IP allowlist: IPv4 and IPv6 addresses and CIDR ranges. The console
 * validates and normalises what the user typed (parseAllowlist); the verify
 * hot path compiles the stored list once per loaded key (compileAllowlist)
 * into a matcher that allocates nothing per call. Pure; safe on the client.
 */
import { formatIPv4, formatIPv6, isMappedIPv4, parseIPv4, parseIPv6 } from "./ip-address";

export const MAX_ALLOWLIST_ENTRIES = 50;

type Rule = { v4: true; net: number; prefix: number } | { v4: false; net: Uint16Array; prefix: number };

export type EntryResult = { ok: true; entry: string; rule: Rule } | { ok: false; message: string };

const maskV4 = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

function maskV6(groups: Uint16Array, prefix: number): Uint16Array {
  const out = new Uint16Array(8);
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    out[i] = bits === 0 ? 0 : groups[i] & ((0xffff << (16 - bits)) & 0xffff);
  }
  return out;
}

function parsePrefix(text: string, max: number): number {
  if (!/^\d{1,3}$/.test(text) || (text.length > 1 && text[0] === "0")) return -1;
  const n = Number(text);
  return n <= max ? n : -1;
}

/**
 * One entry, canonical: IPv6 in RFC 5952 form, an IPv4-mapped IPv6 entry as
 * the IPv4 it maps, a single address kept without a prefix when typed so.
 * A range with bits set after its prefix is refused with the range it
 * probably meant, rather than silently widened or narrowed.
 */
export function parseAllowlistEntry(raw: string): EntryResult {
  const text = raw.trim();
  const quoted = `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;
  const bad = (why: string): EntryResult => ({ ok: false, message: `${quoted} ${why}` });
  if (text.includes("%")) return bad("has a zone id (%…): remove it and list the address alone.");
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? null : text.slice(slash + 1);

  if (!address.includes(":")) {
    const v4 = parseIPv4(address);
    if (v4 < 0) {
      if (/^\d+(\.\d+){3}$/.test(address) && /(^|\.)0\d/.test(address)) {
        return bad("has a leading zero in a part (some systems read that as octal). Write each part without it.");
      }
      return bad("isn't an IPv4 or IPv6 address or CIDR range.");
    }
    const prefix = prefixText === null ? 32 : parsePrefix(prefixText, 32);
    if (prefix < 0) return bad("has an invalid prefix: IPv4 ranges go from /0 to /32.");
    const net = (v4 & maskV4(prefix)) >>> 0;
    if (net !== v4) return bad(`has bits set after the /${prefix} prefix. Did you mean ${formatIPv4(net)}/${prefix}?`);
    return { ok: true, entry: prefixText === null ? formatIPv4(v4) : `${formatIPv4(v4)}/${prefix}`, rule: { v4: true, net, prefix } };
  }

  const groups = new Uint16Array(8);
  if (!parseIPv6(address, groups)) return bad("isn't an IPv4 or IPv6 address or CIDR range.");
  const prefix = prefixText === null ? 128 : parsePrefix(prefixText, 128);
  if (prefix < 0) return bad("has an invalid prefix: IPv6 ranges go from /0 to /128.");
  if (isMappedIPv4(groups) && prefix >= 96) {
    const v4 = ((groups[6] << 16) | groups[7]) >>> 0;
    return parseAllowlistEntry(prefixText === null ? formatIPv4(v4) : `${formatIPv4(v4)}/${prefix - 96}`);
  }
  const net = maskV6(groups, prefix);
  if (net.some((g, i) => g !== groups[i])) return bad(`has bits set after the /${prefix} prefix. Did you mean ${formatIPv6(net)}/${prefix}?`);
  return { ok: true, entry: prefixText === null ? formatIPv6(net) : `${formatIPv6(net)}/${prefix}`, rule: { v4: false, net, prefix } };
}

const ruleKey = (rule: Rule) => (rule.v4 ? `4:${rule.net}/${rule.prefix}` : `6:${rule.net.join(",")}/${rule.prefix}`);

/** Entries from a textarea: one per line, or separated by commas or spaces. */
export function splitAllowlistText(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export type AllowlistResult = { ok: true; entries: string[] } | { ok: false; message: string };

/** Validates and normalises a whole list; duplicates (the same range however written) are dropped. */
export function parseAllowlist(input: string | readonly string[]): AllowlistResult {
  const items = typeof input === "string" ? splitAllowlistText(input) : input.flatMap((s) => splitAllowlistText(s));
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const item of items) {
    const parsed = parseAllowlistEntry(item);
    if (!parsed.ok) return parsed;
    const key = ruleKey(parsed.rule);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(parsed.entry);
  }
  if (entries.length > MAX_ALLOWLIST_ENTRIES) {
    return { ok: false, message: `List at most ${MAX_ALLOWLIST_ENTRIES} addresses or ranges (this list has ${entries.length}).` };
  }
  return { ok: true, entries };
}

// Scratch space for the matcher: JavaScript runs one call at a time, so one buffer serves every call.
const scratch = new Uint16Array(8);

/**
 * A matcher for stored entries. An entry that no longer parses matches
 * nothing (it never widens the list); a caller IP that is not a plain
 * address (zone ids included) never matches; an IPv4-mapped IPv6 caller
 * ("::ffff:1.2.3.4") matches the IPv4 rules.
 */
export function compileAllowlist(entries: readonly string[]): (ip: string) => boolean {
  const v4: number[] = [];
  const v6: number[] = [];
  for (const entry of entries) {
    const parsed = parseAllowlistEntry(entry);
    if (!parsed.ok) continue;
    const { rule } = parsed;
    if (rule.v4) {
      v4.push(rule.net, maskV4(rule.prefix));
    } else {
      for (let w = 0; w < 4; w++) {
        const bits = Math.max(0, Math.min(32, rule.prefix - w * 32));
        v6.push(((rule.net[2 * w] << 16) | rule.net[2 * w + 1]) >>> 0, bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
      }
    }
  }
  const rules4 = Uint32Array.from(v4);
  const rules6 = Uint32Array.from(v6);

  const matchV4 = (addr: number) => {
    for (let i = 0; i < rules4.length; i += 2) if (((addr & rules4[i + 1]) >>> 0) === rules4[i]) return true;
    return false;
  };

  return (ip: string) => {
    if (typeof ip !== "string" || ip.length === 0 || ip.length > 45) return false;
    if (ip.indexOf(":") < 0) {
      const addr = parseIPv4(ip);
      return addr >= 0 && matchV4(addr);
    }
    if (!parseIPv6(ip, scratch)) return false;
    if (isMappedIPv4(scratch) && matchV4(((scratch[6] << 16) | scratch[7]) >>> 0)) return true;
    const w0 = ((scratch[0] << 16) | scratch[1]) >>> 0;
    const w1 = ((scratch[2] << 16) | scratch[3]) >>> 0;
    const w2 = ((scratch[4] << 16) | scratch[5]) >>> 0;
    const w3 = ((scratch[6] << 16) | scratch[7]) >>> 0;
    for (let i = 0; i < rules6.length; i += 8) {
      if (
        ((w0 & rules6[i + 1]) >>> 0) === rules6[i] &&
        ((w1 & rules6[i + 3]) >>> 0) === rules6[i + 2] &&
        ((w2 & rules6[i + 5]) >>> 0) === rules6[i + 4] &&
        ((w3 & rules6[i + 7]) >>> 0) === rules6[i + 6]
      ) {
        return true;
      }
    }
    return false;
  };
}
