/** fast-check arbitraries of the strings a JSON Schema string accepts: lengths, formats, patterns, and awkward text. */
import fc from "fast-check";
import type { JsonSchema } from "./schema-arbitrary";

/** Free-form strings stay short: the fuzz spends its time on requests, not on megabytes. */
const STRING_CAP = 40;

/**
 * Strings that break naive code: NUL (which PostgreSQL refuses in text), lone surrogates
 * (not encodable as UTF-8), bidi overrides, combining marks, line breaks, markup, SQL.
 * A schema that only bounds a string's length accepts them, so valid values include them.
 */
export const AWKWARD_STRINGS = [
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil\u202c",
  "e\u0301\u0301\u0301",
  "😀👩‍👩‍👧‍👦",
  "line\r\nInjected: header",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00%2e%2e%2f",
  "\u00a0",
  "\ufeff",
] as const;

/** JSON Schema lengths count code points; zod counts UTF-16 units: a valid string fits both. */
export function fitsLength(value: string, s: JsonSchema): boolean {
  const points = [...value].length;
  return points >= (s.minLength ?? 0) && value.length <= (s.maxLength ?? Infinity) && points <= (s.maxLength ?? Infinity);
}

const SIMPLE_EMAIL = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,12}[a-z0-9]$/), fc.constantFrom("example.test", "example.com", "mail.example.org"))
  .filter(([local]) => !local.includes(".."))
  .map(([local, domain]) => `${local}@${domain}`);

export function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, STRING_CAP);
  let base: fc.Arbitrary<string>;
  if (s.format === "date-time") base = dateTimeArbitrary();
  else if (s.format === "email") base = fc.oneof({ arbitrary: SIMPLE_EMAIL, weight: 4 }, { arbitrary: fc.emailAddress(), weight: 1 });
  else if (s.format === "uri" || s.format === "url") base = fc.webUrl();
  else if (typeof s.pattern === "string") base = fc.stringMatching(new RegExp(s.pattern, "u"), { maxLength: Math.min(max, STRING_CAP) });
  else {
    const cap = Math.min(max, Math.max(min, STRING_CAP));
    const awkward = AWKWARD_STRINGS.filter((text) => fitsLength(text, s));
    // NUL and lone surrogates first: they get past code that only counts characters and fail in the database.
    const worst = awkward.filter((text) => /\u0000|\p{Cs}/u.test(text));
    base = fc.oneof(
      { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: "grapheme-ascii" }), weight: 4 },
      { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: "grapheme" }), weight: 1 },
      // Any code point, controls included (fast-check favours small ones, so NUL comes up often).
      { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: "binary" }), weight: 1 },
      ...(awkward.length ? [{ arbitrary: fc.constantFrom(...awkward), weight: 1 }] : []),
      ...(worst.length ? [{ arbitrary: fc.constantFrom(...worst), weight: 1 }] : []),
    );
  }
  return base.filter((value) => fitsLength(value, s));
}

/** RFC 3339 instants from 1970 to 2100: mostly UTC with milliseconds, sometimes without, sometimes with an offset. */
export function dateTimeArbitrary(): fc.Arbitrary<string> {
  const date = fc.date({ min: new Date(0), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
  // The last 40 days and the next one: inside the windows reports and usage accept.
  const recent = fc.integer({ min: -40 * 86_400_000, max: 86_400_000 }).map((offset) => new Date(Date.now() + offset));
  return fc
    .tuple(fc.oneof(date, recent), fc.constantFrom("ms", "s", "offset"))
    .map(([d, style]) => {
      if (style === "ms") return d.toISOString();
      if (style === "s") return d.toISOString().replace(/\.\d{3}Z$/, "Z");
      return new Date(d.getTime() + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    });
}

