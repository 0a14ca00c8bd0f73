/**
 * For Vitest: one single sign-on the way a browser does it, over HTTP
 * against the test provider and through next-auth's own request handler with
 * Gatehouse's real options: CSRF token, the sign-in POST (state and PKCE
 * cookies, the authorization URL), the provider's login and consent screens,
 * then the callback with the code. What comes back is what the browser would
 * get: the redirect and the cookies.
 *
 * next-auth is called through its API-route form (`NextAuth(req, res,
 * options)`), which takes the request as arguments; the App Router form reads
 * it from Next's request scope, which only a running Next server has. What
 * Gatehouse's own callback reads through next/headers comes from
 * `requestScope`, which the test file wires in (see nextHeadersForTests).
 */
import NextAuth, { type AuthOptions } from "next-auth";

/** Cookies by name, as a browser keeps them for one site (paths ignored: each test site is small). */
export class CookieJar {
  readonly values = new Map<string, string>();

  /** Applies Set-Cookie header lines. */
  take(lines: string[]) {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = decodeURIComponent(pair.slice(at + 1));
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const gone = value === "" || attributes.some((a) => /^max-age=0$/i.test(a)) || (expires !== undefined && new Date(expires.slice(8)).getTime() <= Date.now());
      if (gone) this.values.delete(name);
      else this.values.set(name, value);
    }
  }

  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  object(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

export type Browser = { site: CookieJar; provider: CookieJar; ip: string; userAgent: string };

export const newBrowser = (ip = "203.0.113.7", userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"): Browser => ({
  site: new CookieJar(),
  provider: new CookieJar(),
  ip,
  userAgent,
});

/** The request next/headers answers for while next-auth handles one (Gatehouse's callback reads it). */
export const requestScope: { browser: Browser | null } = { browser: null };

/** A stand-in for next/headers over requestScope: `vi.mock("next/headers", () => nextHeadersForTests)`. */
export const nextHeadersForTests = {
  async headers() {
    const browser = requestScope.browser;
    if (!browser) throw new Error("next/headers read outside a test request");
    return new Headers({ "x-real-ip": browser.ip, "user-agent": browser.userAgent, cookie: browser.site.header() });
  },
  async cookies() {
    const browser = requestScope.browser;
    if (!browser) throw new Error("next/headers read outside a test request");
    const jar = browser.site;
    return {
      get: (name: string) => (jar.values.has(name) ? { name, value: jar.values.get(name)! } : undefined),
      getAll: () => [...jar.values].map(([name, value]) => ({ name, value })),
      has: (name: string) => jar.values.has(name),
      // In a route handler Next turns this into a Set-Cookie on the answer; the browser then forgets it.
      delete: (cookie: string | { name: string }) => void jar.values.delete(typeof cookie === "string" ? cookie : cookie.name),
    };
  },
};

type Answer = { status: number; location: string | null; body: unknown };

async function handle(
  options: AuthOptions,
  browser: Browser,
  route: { action: string; providerId?: string; method: "GET" | "POST"; query?: Record<string, string>; body?: Record<string, string> },
): Promise<Answer> {
  const headers = new Map<string, string | string[]>();
  const answer: Answer = { status: 200, location: null, body: undefined };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    setHeader(name: string, value: string | string[]) {
      headers.set(name.toLowerCase(), value);
      return res;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    json(body: unknown) {
      answer.body = body;
    },
    send(body: unknown) {
      answer.body = body;
    },
    end() {},
  };
  const req = {
    method: route.method,
    query: { nextauth: [route.action, ...(route.providerId ? [route.providerId] : [])], ...route.query },
    body: route.body ?? {},
    cookies: browser.site.object(),
    headers: { "x-real-ip": browser.ip, "user-agent": browser.userAgent, cookie: browser.site.header() },
  };
  requestScope.browser = browser;
  try {
    await (NextAuth as unknown as (req: unknown, res: unknown, options: AuthOptions) => Promise<void>)(req, res, options);
  } finally {
    requestScope.browser = null;
  }
  const cookies = headers.get("set-cookie");
  browser.site.take(cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [cookies]);
  const location = headers.get("location");
  answer.location = typeof location === "string" ? location : null;
  return answer;
}

/** The sign-in button: CSRF token, then POST /api/auth/signin/oidc; resolves to the provider's authorization URL. */
export async function startSignIn(options: AuthOptions, browser: Browser, callbackUrl: string): Promise<URL> {
  const csrf = await handle(options, browser, { action: "csrf", method: "GET" });
  const { csrfToken } = csrf.body as { csrfToken: string };
  const res = await handle(options, browser, { action: "signin", providerId: "oidc", method: "POST", body: { csrfToken, callbackUrl, json: "true" } });
  const url = (res.body as { url?: string } | undefined)?.url;
  if (!url) throw new Error(`sign-in did not answer with a URL: ${JSON.stringify(res)}`);
  return new URL(url);
}

const formAction = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");

/**
 * At the provider: follows redirects, signs in as `login` on the login screen and confirms the consent
 * screen when shown. Resolves to the URL the provider sends the browser back to (Gatehouse's callback).
 */
export async function atProvider(browser: Browser, authorizationUrl: URL, login: string, callbackPrefix: string): Promise<URL> {
  let url = authorizationUrl;
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(callbackPrefix)) return url;
    const res = await fetch(url, {
      method,
      body,
      redirect: "manual",
      headers: { cookie: browser.provider.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    });
    browser.provider.take(res.headers.getSetCookie());
    method = "GET";
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const html = await res.text();
    const action = formAction(html);
    if (res.status !== 200 || !action) throw new Error(`provider answered ${res.status}: ${html.slice(0, 500)}`);
    method = "POST";
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: "login", login, password: "any password" })
      : new URLSearchParams({ prompt: "consent" });
    url = new URL(action, url);
  }
  throw new Error("too many redirects at the provider");
}

/** The provider's redirect back, GET /api/auth/callback/oidc?code=…&state=…; resolves to where Gatehouse sends the browser next. */
export async function finishSignIn(options: AuthOptions, browser: Browser, callback: URL): Promise<string> {
  const res = await handle(options, browser, { action: "callback", providerId: "oidc", method: "GET", query: Object.fromEntries(callback.searchParams) });
  if (!res.location) throw new Error(`callback did not redirect: ${JSON.stringify(res)}`);
  return res.location;
}

/** Follows next-auth's own redirects (/api/auth/error → /api/auth/signin → the sign-in page); resolves to the first URL outside them. */
export async function followAuthRedirects(options: AuthOptions, browser: Browser, location: string): Promise<string> {
  let url = new URL(location, process.env.NEXTAUTH_URL);
  for (let hop = 0; hop < 5 && url.pathname.startsWith("/api/auth/"); hop++) {
    const [action, providerId] = url.pathname.slice("/api/auth/".length).split("/");
    const res = await handle(options, browser, { action, providerId, method: "GET", query: Object.fromEntries(url.searchParams) });
    if (!res.location) throw new Error(`${url.pathname} did not redirect`);
    url = new URL(res.location, process.env.NEXTAUTH_URL);
  }
  return url.pathname + url.search;
}

/** The whole round trip as `login` at the provider; resolves to where the browser lands. */
export async function signInThroughProvider(options: AuthOptions, browser: Browser, login: string, callbackUrl = "/"): Promise<string> {
  const authorization = await startSignIn(options, browser, callbackUrl);
  const back = await atProvider(browser, authorization, login, `${process.env.NEXTAUTH_URL}/api/auth/callback/oidc`);
  return finishSignIn(options, browser, back);
}
