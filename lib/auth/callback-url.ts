/**
 * Where to go after signing in: only a path on this site. "//evil.com",
 * "/\evil.com" and "https://evil.com" would all leave it (an open redirect
 * that makes phishing links look like ours), so they fall back to "/".
 */
export function safeCallbackUrl(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.com" would become "//evil.com".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, "http://gatehouse.invalid");
    if (url.origin !== "http://gatehouse.invalid") return fallback;
    // Dot segments collapse: "/.//evil.com" normalises to "//evil.com", protocol-relative again.
    if (url.pathname.startsWith("//")) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** "/sign-up?email=…&callbackUrl=…", leaving out empty values. */
export function authPageHref(page: "/sign-in" | "/sign-up", params: { email?: string; callbackUrl?: string }): string {
  const query = new URLSearchParams();
  if (params.email) query.set("email", params.email);
  if (params.callbackUrl && params.callbackUrl !== "/") query.set("callbackUrl", params.callbackUrl);
  const qs = query.toString();
  return qs ? `${page}?${qs}` : page;
}
