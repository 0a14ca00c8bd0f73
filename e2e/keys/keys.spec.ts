import { expect, test, type Page } from "@playwright/test";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { apiKeyByName, teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { invite } from "../support/team";
import { serviceAuth } from "../support/service-token";

/** Creates a key through the dialog, copies the secret with the copy button and returns it. */
async function createKeyInUi(page: Page, name: string, environment: "Development" | "Production", expiry: string) {
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: new RegExp(environment) }).check();
  await dialog.getByLabel("Expires").selectOption({ label: expiry });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
  await expect(dialog).toContainText("This is the only time the secret is shown");
  await dialog.getByRole("button", { name: "Copy key" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await expect(dialog.getByTestId("new-key-secret")).toHaveText(copied);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return copied;
}

test("developers create, use and revoke keys; billing viewers only read", async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await newUser(browser, "owner");
  const slug = await createTeam(owner.page, `Keys ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);
  const devEmail = uniqueEmail("dev");
  const billingEmail = uniqueEmail("billing");
  const dev = await joinWithLink(browser, await invite(owner.page, slug, devEmail, "developer"), "Devi Keys", devEmail);
  const billing = await joinWithLink(browser, await invite(owner.page, slug, billingEmail, "billing"), "Bea Billing", billingEmail);
  await dev.context.grantPermissions(["clipboard-read", "clipboard-write"]);

  // A developer creates a development and a production key and copies each secret once.
  await dev.page.goto(`/${slug}/keys`);
  const testSecret = await createKeyInUi(dev.page, "Staging worker", "Development", "In 30 days");
  const liveSecret = await createKeyInUi(dev.page, "Checkout", "Production", "Never");
  expect(testSecret).toMatch(/^gk_test_[0-9A-Za-z]{46}$/);
  expect(liveSecret).toMatch(/^gk_live_[0-9A-Za-z]{46}$/);

  // The list shows metadata only: prefix…last4, never the secret.
  const stagingRow = dev.page.getByRole("row").filter({ hasText: "Staging worker" });
  await expect(stagingRow).toContainText(testSecret.slice(-4));
  await expect(stagingRow).toContainText(/development/i);
  expect(await dev.page.content()).not.toContain(testSecret);
  const stored = apiKeyByName(team.id, "Staging worker")!;
  expect(stored.hash).toHaveLength(64);
  expect(stored.hash).not.toContain(testSecret.slice(8, 20));

  // The provider's backend verifies both keys.
  const api = dev.page.request;
  for (const [secret, environment] of [
    [testSecret, "development"],
    [liveSecret, "production"],
  ]) {
    const res = await api.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: secret } });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, code: "VALID", environment, teamId: team.id });
  }

  // Traffic on the development key shows up on its usage page, which refreshes itself.
  for (let i = 0; i < 4; i++) await api.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: testSecret } });
  const reported = await api.post("/api/v1/usage", {
    headers: serviceAuth(),
    data: { key: testSecret, events: [{ status: 200, latencyMs: 40 }, { status: 500, latencyMs: 900 }, { status: 200, latencyMs: 55, inputTokens: 1200, outputTokens: 300 }] },
  });
  expect(reported.status()).toBe(202);
  await dev.page.getByRole("link", { name: "Staging worker" }).click();
  await expect(dev.page.getByRole("heading", { name: "Staging worker" })).toBeVisible();
  const totals = dev.page.getByRole("region", { name: "Totals" });
  const card = (label: string) => totals.locator("div", { has: dev.page.getByText(label, { exact: true }) }).last();
  await expect(card("Verifications")).toContainText("5", { timeout: 30_000 });
  await expect(card("Requests")).toContainText("3");

  // The developer revokes the key after confirming; the API refuses it at once.
  await dev.page.goto(`/${slug}/keys`);
  await dev.page.getByRole("button", { name: "Actions for Staging worker" }).click();
  await dev.page.getByRole("menuitem", { name: /Revoke/ }).click();
  await dev.page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(dev.page.getByRole("row").filter({ hasText: "Staging worker" })).toContainText(/revoked/i);
  const afterRevoke = await api.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: testSecret } });
  expect(await afterRevoke.json()).toMatchObject({ valid: false, code: "REVOKED" });

  // A billing viewer reads the keys and the dashboards but has no key controls.
  await billing.page.goto(`/${slug}/keys`);
  await expect(billing.page.getByRole("row").filter({ hasText: "Checkout" })).toBeVisible();
  await expect(billing.page.getByRole("button", { name: /Create key/ })).toHaveCount(0);
  await expect(billing.page.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
  await billing.page.goto(`/${slug}/usage`);
  await expect(billing.page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(billing.page.getByRole("link", { name: /Export CSV/i })).toBeVisible();

  // Calling the revoke action directly as the billing viewer is refused, and the key keeps working.
  const checkout = apiKeyByName(team.id, "Checkout")!;
  const direct = await callServerAction(billing.page.request, {
    pagePath: `/${slug}/keys`,
    filename: "lib/actions/keys/revoke-api-key.ts",
    exportedName: "revokeApiKey",
    args: [{ teamId: team.id, keyId: checkout.id }],
  });
  expect(direct.body).toContain('"code":"FORBIDDEN"');
  expect(apiKeyByName(team.id, "Checkout")?.revokedAt).toBeNull();
  const still = await api.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: liveSecret } });
  expect(await still.json()).toMatchObject({ valid: true, code: "VALID" });

  for (const c of [owner.context, dev.context, billing.context]) await c.close();
});
