import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type ConsoleMessage, type Page } from "@playwright/test";
import { E2E_PORT } from "../../playwright.config";
import { createTeam, PASSWORD, signIn, signUp, uniqueEmail } from "../support/accounts";
import { serviceAuth } from "../support/service-token";

/** Console errors and page errors, CSP violations above all: "Refused to execute inline script…". */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error" || /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

test("console pages carry the hardening headers and still hydrate and work under the CSP", async ({ page }) => {
  const problems = collectProblems(page);

  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  // Served over plain http here: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  // The submit button is enabled only once React has hydrated the form.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();

  // Sign-up (a server action), sign-in (next-auth's fetch) and a console page with client components.
  const email = uniqueEmail("csp");
  await signUp(page, "Csp Tester", email);
  await page.context().clearCookies();
  await signIn(page, email, PASSWORD);
  const slug = await createTeam(page, `Headers ${Date.now().toString(36)}`);
  await page.goto(`/${slug}/members`);
  await expect(page.getByRole("heading", { name: /members/i }).first()).toBeVisible();
  await page.getByRole("button", { name: /invite/i }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  // Charts draw with inline styles (style-src 'unsafe-inline').
  await page.goto(`/${slug}/usage`);
  await expect(page.getByRole("heading").first()).toBeVisible();

  expect(problems).toEqual([]);
});

test("another site cannot frame the console", async ({ page }) => {
  // Another origin on this machine (a real server: Chromium blocks a "public" page from framing loopback anyway).
  const framer = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      req.url === "/own"
        ? "<p>framed fine</p>"
        : `<iframe id="own" src="/own"></iframe><iframe id="victim" src="http://localhost:${E2E_PORT}/sign-in"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  try {
    const framed = page.waitForResponse((res) => res.url() === `http://localhost:${E2E_PORT}/sign-in`);
    await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
    // Framing works on that site, and the browser did fetch our page...
    await expect(page.frameLocator("#own").getByText("framed fine")).toBeVisible();
    expect((await framed).status()).toBe(200);
    // ...and refused to show it.
    await expect.poll(() => page.frames().find((f) => f.url().includes(`:${E2E_PORT}`) || f.url().startsWith("chrome-error:"))?.url()).toMatch(/^chrome-error:/);
    await expect(page.frameLocator("#victim").getByRole("button", { name: "Sign in", exact: true })).toHaveCount(0);
  } finally {
    await new Promise((resolve) => framer.close(resolve));
  }
});

test("/api/v1 answers carry the headers too, with a CSP that allows nothing", async ({ request }) => {
  const res = await request.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: "gk_live_nope" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});
