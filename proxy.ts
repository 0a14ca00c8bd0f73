import { NextResponse, type NextRequest } from "next/server";

/**
 * Tells server components which page was asked for (layouts cannot see the
 * URL), so a signed-out visitor to a deep link is sent back there after
 * signing in. Authorization never relies on this: pages still check the session.
 */
export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  search.delete("_rsc");
  const qs = search.toString();
  const headers = new Headers(request.headers);
  headers.set("x-gatehouse-path", url.pathname + (qs ? `?${qs}` : ""));
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|sign-in|sign-up).*)"],
};
