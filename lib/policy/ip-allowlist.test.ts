import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAllowlist, MAX_ALLOWLIST_ENTRIES, parseAllowlist, parseAllowlistEntry } from "./ip-allowlist";

const entry = (text: string) => {
  const r = parseAllowlistEntry(text);
  return r.ok ? r.entry : r.message;
};

describe("parseAllowlistEntry", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    [" 10.0.0.1/32 ", "10.0.0.1/32"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["::/0", "::/0"],
    ["::1/128", "::1/128"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["::FFFF:C000:0207", "192.0.2.7"],
  ])("accepts %s as %s", (text, canonical) => {
    expect(entry(text)).toBe(canonical);
  });

  it.each([
    ["010.0.0.1", "leading zero"],
    ["10.0.0.01", "leading zero"],
    ["10.0.0.256", "isn't an IPv4 or IPv6"],
    ["10.0.0", "isn't an IPv4 or IPv6"],
    ["10.0.0.1.2", "isn't an IPv4 or IPv6"],
    ["0x0a.0.0.1", "isn't an IPv4 or IPv6"],
    ["10.0.0.0/33", "/0 to /32"],
    ["10.0.0.0/", "/0 to /32"],
    ["10.0.0.0/08", "/0 to /32"],
    ["10.0.0.1/8", "Did you mean 10.0.0.0/8?"],
    ["2001:db8::1/32", "Did you mean 2001:db8::/32?"],
    ["2001:db8::/129", "/0 to /128"],
    ["fe80::1%eth0", "zone id"],
    ["1:2:3:4:5:6:7:8:9", "isn't an IPv4 or IPv6"],
    ["1::2::3", "isn't an IPv4 or IPv6"],
    ["12345::", "isn't an IPv4 or IPv6"],
    [":1", "isn't an IPv4 or IPv6"],
    ["1:", "isn't an IPv4 or IPv6"],
    ["localhost", "isn't an IPv4 or IPv6"],
  ])("refuses %s, naming it (%s)", (text, why) => {
    const r = parseAllowlistEntry(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(`"${text}"`);
      expect(r.message).toContain(why);
    }
  });

  it("agrees with Node on what is an address, for random text made of address characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F:.]{1,40}$/), (text) => {
        const ours = parseAllowlistEntry(text).ok;
        // Node accepts IPv4 with leading zeros nowhere and zone ids (excluded by the alphabet) only in IPv6.
        expect(ours).toBe(isIP(text) !== 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("parseAllowlist", () => {
  it("splits lines, commas and spaces, and drops duplicates however written", () => {
    expect(parseAllowlist("10.0.0.1\n10.0.0.1/32, 2001:db8::1  2001:DB8:0::1\r\n\n192.168.0.0/16")).toEqual({
      ok: true,
      entries: ["10.0.0.1", "2001:db8::1", "192.168.0.0/16"],
    });
    expect(parseAllowlist(["10.0.0.1", "::ffff:10.0.0.1"])).toEqual({ ok: true, entries: ["10.0.0.1"] });
    expect(parseAllowlist("")).toEqual({ ok: true, entries: [] });
  });

  it("allows 50 entries and refuses 51, counting after duplicates are dropped", () => {
    const fifty = Array.from({ length: MAX_ALLOWLIST_ENTRIES }, (_, i) => `10.0.${i}.1`);
    expect(parseAllowlist([...fifty, "10.0.0.1"])).toMatchObject({ ok: true });
    const r = parseAllowlist([...fifty, "10.1.0.1"]);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain("at most 50");
  });

  it("names the first bad entry", () => {
    expect(parseAllowlist("10.0.0.1, 10.0.0.999, nope")).toEqual({ ok: false, message: expect.stringContaining('"10.0.0.999"') });
  });
});

describe("compileAllowlist", () => {
  it("matches the first and last address of an IPv4 range and nothing beyond", () => {
    const allows = compileAllowlist(["192.168.4.0/22"]);
    expect(allows("192.168.4.0")).toBe(true);
    expect(allows("192.168.7.255")).toBe(true);
    expect(allows("192.168.3.255")).toBe(false);
    expect(allows("192.168.8.0")).toBe(false);
  });

  it("treats /32 and a bare address as that one address, and /0 as everything of its family", () => {
    expect(compileAllowlist(["10.0.0.1/32"])("10.0.0.1")).toBe(true);
    expect(compileAllowlist(["10.0.0.1/32"])("10.0.0.2")).toBe(false);
    expect(compileAllowlist(["10.0.0.1"])("10.0.0.0")).toBe(false);
    const any4 = compileAllowlist(["0.0.0.0/0"]);
    expect(any4("0.0.0.0")).toBe(true);
    expect(any4("255.255.255.255")).toBe(true);
    expect(any4("2001:db8::1")).toBe(false);
    const any6 = compileAllowlist(["::/0"]);
    expect(any6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(true);
    expect(any6("::")).toBe(true);
    expect(any6("10.0.0.1")).toBe(false);
  });

  it("matches IPv6 /64 and /128 boundaries, in any case and spelling", () => {
    const allows = compileAllowlist(["2001:db8:0:1::/64", "2001:db8::abcd/128"]);
    expect(allows("2001:db8:0:1::")).toBe(true);
    expect(allows("2001:DB8:0:1:FFFF:FFFF:FFFF:FFFF")).toBe(true);
    expect(allows("2001:db8:0:0:ffff:ffff:ffff:ffff")).toBe(false);
    expect(allows("2001:db8:0:2::")).toBe(false);
    expect(allows("2001:0db8:0000:0000:0000:0000:0000:abcd")).toBe(true);
    expect(allows("2001:db8::abce")).toBe(false);
    // A /65 boundary, inside one 32-bit word.
    const half = compileAllowlist(["2001:db8::/65"]);
    expect(half("2001:db8::7fff:ffff:ffff:ffff")).toBe(true);
    expect(half("2001:db8::8000:0:0:0")).toBe(false);
  });

  it("matches IPv4-mapped IPv6 callers against IPv4 rules", () => {
    const allows = compileAllowlist(["203.0.113.0/24"]);
    expect(allows("::ffff:203.0.113.9")).toBe(true);
    expect(allows("::FFFF:cb00:7109")).toBe(true);
    expect(allows("::ffff:203.0.114.9")).toBe(false);
    // An IPv4-compatible (not mapped) address is IPv6.
    expect(allows("::203.0.113.9")).toBe(false);
  });

  it("never matches an invalid caller address, zone ids and leading zeros included", () => {
    const allows = compileAllowlist(["0.0.0.0/0", "::/0"]);
    for (const ip of ["", "010.0.0.1", "10.0.0.256", "fe80::1%eth0", "1::2::3", "abc", "10.0.0.1/32", " 10.0.0.1", "x".repeat(100)]) {
      expect(allows(ip), ip).toBe(false);
    }
  });

  it("ignores stored entries that no longer parse rather than widening the list", () => {
    const allows = compileAllowlist(["invalid", "10.0.0.1"]);
    expect(allows("10.0.0.1")).toBe(true);
    expect(allows("10.0.0.2")).toBe(false);
    expect(compileAllowlist(["invalid"])("10.0.0.1")).toBe(false);
  });

  it("agrees with a simple bit-by-bit reference for random IPv4 ranges and addresses", () => {
    const bits = (n: number) => n.toString(2).padStart(32, "0");
    const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 0xffffffff }), (base, prefix, ip) => {
        const net = prefix === 0 ? 0 : (base & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
        const expected = bits(net).slice(0, prefix) === bits(ip).slice(0, prefix);
        expect(compileAllowlist([`${dotted(net)}/${prefix}`])(dotted(ip))).toBe(expected);
        expect(compileAllowlist([`${dotted(net)}/${prefix}`])(dotted(net))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
