/**
 * Strict, allocation-free parsing of IPv4 and IPv6 text by character codes,
 * shared by the allowlist's validation (./ip-allowlist.ts) and its matcher on
 * the verify hot path, so what the console accepts is exactly what matches.
 *
 * Strict on purpose: IPv4 parts with leading zeros ("010") are refused, since
 * some stacks read them as octal and the allowlist would then mean another
 * address; zone ids ("fe80::1%eth0") are refused, since they name an interface
 * of the caller's machine, not an address a request comes from.
 */

/** The address as a uint32, or -1 when `s[start, end)` is not dotted-quad decimal. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let parts = 0;
  let i = start;
  while (parts < 4) {
    let part = 0;
    let digits = 0;
    const first = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      part = part * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || part > 255) return -1;
    if (digits > 1 && s.charCodeAt(first) === 48) return -1;
    value = value * 256 + part;
    parts++;
    if (parts < 4) {
      if (i >= end || s.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function hasDot(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) return true;
    if (c === 58) return false;
  }
  return false;
}

/**
 * Parses `s[start, end)` as IPv6 (RFC 4291 text, "::" and an IPv4 tail
 * included) into `out` as 8 groups of 16 bits. false when it is not one.
 */
export function parseIPv6(s: string, out: Uint16Array, start = 0, end = s.length): boolean {
  let i = start;
  let n = 0;
  let gap = -1;
  if (end - start < 2) return false;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    if (n === 8) return false;
    if (hasDot(s, i, end)) {
      if (n > 6) return false;
      const v4 = parseIPv4(s, i, end);
      if (v4 < 0) return false;
      out[n++] = v4 >>> 16;
      out[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    let group = 0;
    let digits = 0;
    while (i < end) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      group = group * 16 + h;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4) return false;
    out[n++] = group;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    } else if (i === end) {
      return false;
    }
  }
  if (gap < 0) return n === 8;
  if (n === 8) return false;
  const tail = n - gap;
  for (let k = 1; k <= tail; k++) out[8 - k] = out[gap + tail - k];
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}

/** True when the 8 groups are an IPv4-mapped address (::ffff:a.b.c.d). */
export function isMappedIPv4(g: Uint16Array): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIPv6(g: Uint16Array): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) => Array.from(g.subarray(from, to), (x) => x.toString(16)).join(":");
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
