/**
 * Small, dependency-free time formatting shared by the console pages.
 * Pass `now` explicitly so server and client render the same text, and so
 * tests are deterministic.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/**
 * "in 29 days", "3 hours ago", "just now". Small units round down (a 30-day key
 * created a moment ago reads "in 29 days", never "in 30 days" too early); days
 * run up to 45 before switching to months, which round to the nearest (so a
 * fresh 90-day key reads "in 3 months"). Null/undefined gives `fallback`.
 */
export function formatRelative(date: Date | string | null | undefined, now: Date = new Date(), fallback = "never"): string {
  if (date === null || date === undefined) return fallback;
  const d = typeof date === "string" ? new Date(date) : date;
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  if (abs < MINUTE) return "just now";
  if (abs < HOUR) return relative.format(sign * Math.floor(abs / MINUTE), "minute");
  if (abs < DAY) return relative.format(sign * Math.floor(abs / HOUR), "hour");
  if (abs < 45 * DAY) return relative.format(sign * Math.floor(abs / DAY), "day");
  if (abs < 365 * DAY) return relative.format(sign * Math.round(abs / (30 * DAY)), "month");
  return relative.format(sign * Math.max(1, Math.round(abs / (365 * DAY))), "year");
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
};
const dateTime = new Intl.DateTimeFormat("en", { ...DATE_TIME, timeZone: "UTC" });

const dateOnly = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/**
 * "Nov 22, 2026, 14:05 UTC". Defaults to UTC so the server and the browser
 * print the same string (no hydration mismatch); pass a time zone to localise.
 */
export function formatDateTime(date: Date | string, timeZone?: string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  if (!timeZone) return dateTime.format(d);
  return new Intl.DateTimeFormat("en", { ...DATE_TIME, timeZone }).format(d);
}

/** "Nov 22, 2026" (UTC). */
export function formatDate(date: Date | string): string {
  return dateOnly.format(typeof date === "string" ? new Date(date) : date);
}
