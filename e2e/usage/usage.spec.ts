import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createTeam, newUser } from "../support/accounts";
import { teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { serviceAuth } from "../support/service-token";

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(serious, `${what} has accessibility violations`).toEqual([]);
}

test("traffic sent to the API shows on the key page, the team dashboard and in the CSV", async ({ browser }) => {
  const owner = await newUser(browser, "owner");
  const slug = await createTeam(owner.page, `Usage ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);

  // A key (the keys UI has its own specs), then real traffic through the public API.
  const created = await callServerAction(owner.page.request, {
    pagePath: `/${slug}/keys`,
    filename: "lib/actions/keys/create-api-key.ts",
    exportedName: "createApiKey",
    args: [{ teamId: team.id, name: "Checkout, prod", environment: "production", expiry: "never" }],
  });
  const secret = /gk_live_[0-9A-Za-z]{46}/.exec(created.body)?.[0];
  expect(secret, created.body).toBeTruthy();
  const keyId = /"id":"([^"]+)","teamId":"[^"]+","name":"Checkout, prod"/.exec(created.body)?.[1];
  expect(keyId).toBeTruthy();

  const api = owner.page.request;
  for (let i = 0; i < 5; i++) {
    const verify = await api.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: secret } });
    expect((await verify.json()).valid).toBe(true);
  }
  const report = await api.post("/api/v1/usage", {
    headers: serviceAuth(),
    data: {
      key: secret,
      events: [
        { status: 200, latencyMs: 120, model: "claude-sonnet-4-5", inputTokens: 1000, outputTokens: 250 },
        { status: 200, latencyMs: 180, inputTokens: 500, outputTokens: 100 },
        { status: 200, latencyMs: 90 },
        { status: 503, latencyMs: 3000 },
      ],
    },
  });
  expect(report.status()).toBeLessThan(300);

  // The key page polls, so the numbers arrive without a reload once the buffer flushes (~1 s).
  const page = owner.page;
  await page.goto(`/${slug}/keys/${keyId}?range=24h`);
  await expect(page.getByRole("heading", { name: "Checkout, prod" })).toBeVisible();
  const card = (label: string) => page.getByRole("region", { name: "Totals" }).locator("div", { has: page.getByText(label, { exact: true }) }).last();
  await expect(card("Requests")).toContainText("4", { timeout: 15_000 });
  await expect(card("Verifications")).toContainText("5");
  await expect(card("Error rate")).toContainText("25%");
  await expect(page.getByRole("img", { name: /Verifications by outcome/ })).toBeVisible();

  await expectNoSeriousViolations(page, "key usage page");

  // Range tabs: keyboard, and the URL keeps the choice.
  await page.getByRole("tab", { name: "Last 24 hours" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Last 7 days" })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByText("6-hour buckets, UTC").first()).toBeVisible();

  // The team dashboard shows the spend by model and lists the key with its totals, linking to it.
  await page.goto(`/${slug}/usage?range=24h`);
  await expect(page.getByRole("heading", { name: "Spend", exact: true })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Claude Sonnet 4.5" })).toContainText("$0.0068");
  const row = page.getByRole("row").filter({ hasText: "Checkout, prod" });
  await expect(row).toContainText("Production");
  // Key, environment · status, spend, month to date, requests, errors, verifications…
  // $0.00675 at the catalogue's price, plus $0.015 for the tokens reported without a model (the fallback price).
  await expect(row.getByRole("cell").nth(2)).toHaveText("$0.02");
  await expect(row.getByRole("cell").nth(4)).toHaveText("4");
  await expect(row.getByRole("cell").nth(5)).toHaveText("125%");
  await expect(row.getByRole("cell").nth(6)).toHaveText("5");
  await expectNoSeriousViolations(page, "team usage page");
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expect(row).toBeVisible();
  await expectNoSeriousViolations(page, "team usage page (dark)");
  await row.getByRole("link", { name: "Checkout, prod" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/keys/${keyId}`));

  // CSV export of the same numbers.
  const csv = await api.get(`/api/teams/${slug}/usage/export?range=24h`);
  expect(csv.headers()["content-disposition"]).toBe(`attachment; filename="gatehouse-${slug}-usage-24h.csv"`);
  const text = await csv.text();
  expect(text).toContain(`key,`);
  // key row: the key's totals over all models (model and model_name empty), then cache tokens and cost.
  expect(text).toContain(`"Checkout, prod",,,5,5,0,4,3,0,1,0.25,1500,350,0,0,0.021750,21750,3,`);
  // One bucket row per key × model: the catalogue's price, 1,000 × $3 + 250 × $15 per million tokens.
  expect(text).toMatch(/bucket,[^\r\n]*,"Checkout, prod",claude-sonnet-4-5,Claude Sonnet 4\.5,0,0,0,1,1,0,0,0,1000,250,0,0,0\.006750,6750,0,/);

  // Strangers and signed-out callers are refused by the server.
  const stranger = await newUser(browser, "stranger");
  const peek = await stranger.page.request.get(`/api/teams/${slug}/keys/${keyId}/usage`);
  expect(peek.status()).toBe(404);
  expect((await peek.json()).error.code).toBe("NOT_FOUND");
  const anonymous = await browser.newContext();
  const signedOut = await anonymous.request.get(`/api/teams/${slug}/usage`);
  expect(signedOut.status()).toBe(401);
  expect((await signedOut.json()).error.code).toBe("UNAUTHENTICATED");
  const badRange = await api.get(`/api/teams/${slug}/usage?range=1y`);
  expect(badRange.status()).toBe(400);
  await anonymous.close();
});
