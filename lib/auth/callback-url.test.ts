import { describe, expect, it } from "vitest";
import { authPageHref, safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/invite/abc123")).toBe("/invite/abc123");
    expect(safeCallbackUrl("/acme/keys?env=production#top")).toBe("/acme/keys?env=production#top");
    expect(safeCallbackUrl("/")).toBe("/");
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    undefined,
    ["/a", "/b"],
  ])("refuses %j and falls back to /", (value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });

  it("normalises dot segments without leaving the site", () => {
    expect(safeCallbackUrl("/a/../../b")).toBe("/b");
    expect(safeCallbackUrl("/./evil.example")).toBe("/evil.example");
  });

  it.each(["/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example"])(
    "refuses %j, which normalises to a protocol-relative //evil.example",
    (value) => {
      expect(safeCallbackUrl(value)).toBe("/");
    },
  );
});

describe("authPageHref", () => {
  it("carries the email and callback between sign-in and sign-up", () => {
    expect(authPageHref("/sign-up", { email: "a+b@example.test", callbackUrl: "/invite/t0k" })).toBe(
      "/sign-up?email=a%2Bb%40example.test&callbackUrl=%2Finvite%2Ft0k",
    );
    expect(authPageHref("/sign-in", { callbackUrl: "/" })).toBe("/sign-in");
  });
});
