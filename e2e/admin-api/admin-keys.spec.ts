import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { adminHeaders } from "../support/admin-keys";
import { expectNoSeriousViolations } from "../support/axe";
import { openTestDb, teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { invite } from "../support/team";

const LONG_NAME = "Nightly usage export to the finance warehouse";

function adminKeyCount(teamId: string): number {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM AdminKey WHERE teamId = ?").get(teamId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Both pages, phone and desktop, light and dark: no sideways scroll on a phone, no serious axe findings. */
async function checkLayoutAndAccessibility(browser: Browser, storageState: Awaited<ReturnType<BrowserContext["storageState"]>>, slug: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, colorScheme, storageState });
      const page = await context.newPage();
      for (const path of [`/${slug}/admin-keys`, "/api-reference"]) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        if (path === "/api-reference") await expect(page.getByTestId("api-reference").getByText("Get the organization").filter({ visible: true }).first()).toBeVisible();
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${path} (${colorScheme}, ${width} px) is ${scrollWidth} px wide`).toBeLessThanOrEqual(width);
        await expectNoSeriousViolations(page, `${path} (${colorScheme}, ${width} px)`);
        if (width === 390 && path.endsWith("/admin-keys")) {
          // On a phone each key is a card with its revoke button in reach, and the confirmation fits.
          await page.getByTestId("admin-key-card").filter({ hasText: LONG_NAME }).getByRole("button", { name: `Revoke ${LONG_NAME}` }).click();
          const confirm = page.getByRole("dialog");
          await expect(confirm.getByRole("button", { name: "Revoke admin key" })).toBeVisible();
          const button = (await confirm.getByRole("button", { name: "Revoke admin key" }).boundingBox())!;
          expect(button.x + button.width, "the revoke button fits the phone").toBeLessThanOrEqual(width);
          const overflow = await confirm.evaluate((el) => el.scrollWidth - el.clientWidth);
          expect(overflow, "the revoke dialog does not scroll sideways").toBeLessThanOrEqual(0);
          await confirm.getByRole("button", { name: "Cancel" }).click();
          await expect(confirm).toBeHidden();
        }
      }
      await context.close();
    }
  }
}

test("an owner creates an admin key, calls the Admin API with it and revokes it; a developer gets no controls and is refused", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const owner = await newUser(browser, "admin-keys-owner");
  const slug = await createTeam(owner.page, `Admin API ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = owner.page;

  let secret = "";
  await test.step("the owner creates an admin key and copies its secret, shown once", async () => {
    await page.goto(`/${slug}`);
    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Admin keys" }).click();
    await expect(page.getByRole("heading", { name: "Admin keys", level: 1 })).toBeVisible();
    await expect(page.getByText("No admin keys yet")).toBeVisible();
    await page.getByRole("button", { name: "Create your first admin key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Terraform");
    await dialog.getByRole("radio", { name: /^Admin/ }).check();
    await dialog.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await dialog.getByRole("button", { name: "Create admin key" }).click();
    await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
    await dialog.getByRole("button", { name: "Copy key" }).click();
    secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toMatch(/^gk_admin_[0-9A-Za-z]{46}$/);
    await expect(dialog.getByTestId("new-key-secret")).toHaveText(secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId("admin-key-row").filter({ hasText: "Terraform" });
    await expect(row).toContainText("Admin");
    await expect(row).toContainText("Active");
    await expect(row).toContainText(`${secret.slice(0, 13)}…${secret.slice(-4)}`);
    // The page never shows the secret again.
    await page.reload();
    await expect(page.getByText(secret)).toHaveCount(0);
  });

  await test.step("the secret calls the Admin API for the team", async () => {
    const me = await page.request.get("/v1/organizations/me", { headers: adminHeaders(secret) });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ id: team.id, type: "organization", slug });
  });

  await test.step("revoked after a confirmation, the key is refused at once", async () => {
    await page.getByTestId("admin-key-row").filter({ hasText: "Terraform" }).getByRole("button", { name: "Revoke Terraform" }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm.getByRole("heading", { name: "Revoke Terraform?" })).toBeVisible();
    await confirm.getByRole("button", { name: "Revoke admin key" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Revoked Terraform" })).toBeVisible();
    await expect(page.getByTestId("admin-key-row").filter({ hasText: "Terraform" })).toContainText("Revoked");
    const me = await page.request.get("/v1/organizations/me", { headers: adminHeaders(secret) });
    expect(me.status()).toBe(401);
    expect(await me.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  await test.step("a developer sees an explanation, no controls, and the server refuses a direct call", async () => {
    const devEmail = uniqueEmail("admin-keys-dev");
    const dev = await joinWithLink(browser, await invite(page, slug, devEmail, "developer"), "Devon Dev", devEmail);
    await dev.page.goto(`/${slug}/admin-keys`);
    await expect(dev.page.getByRole("heading", { name: "Admin keys", level: 1 })).toBeVisible();
    await expect(dev.page.getByText("Only owners and admins can create, see and revoke them.")).toBeVisible();
    await expect(dev.page.getByRole("button", { name: /Create .*admin key/ })).toHaveCount(0);
    await expect(dev.page.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
    await expect(dev.page.getByText("Terraform")).toHaveCount(0);
    await expect(dev.page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Admin keys" })).toHaveCount(0);

    const before = adminKeyCount(team.id);
    const direct = await callServerAction(dev.page.request, {
      pagePath: `/${slug}/admin-keys`,
      filename: "lib/actions/admin-keys/create-admin-key.ts",
      exportedName: "createAdminKey",
      args: [{ teamId: team.id, name: "Sneaky", role: "admin", expiry: "never" }],
    });
    expect(direct.body).toContain('"code":"FORBIDDEN"');
    expect(direct.body).not.toContain("gk_admin_");
    expect(adminKeyCount(team.id)).toBe(before);
    await dev.context.close();
  });

  await test.step("the API reference renders the OpenAPI document, linked from the page and the account menu", async () => {
    await page.goto(`/${slug}/admin-keys`);
    await page.getByRole("link", { name: "API reference" }).click();
    await expect(page).toHaveURL(/\/api-reference$/);
    await expect(page.getByTestId("api-reference").getByText("Get the organization").filter({ visible: true }).first()).toBeVisible();
    await page.goto(`/${slug}/keys`);
    await page.getByRole("button", { name: /Account menu/ }).click();
    await page.getByRole("menuitem", { name: "API reference" }).click();
    await expect(page).toHaveURL(/\/api-reference$/);
  });

  await test.step("both pages fit a 390 px phone and have no serious accessibility violations, light and dark", async () => {
    // A second, live key with a long name: the list has a revoke button to reach, and a name to fit.
    await page.goto(`/${slug}/admin-keys`);
    await page.getByRole("button", { name: "Create admin key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(LONG_NAME);
    await dialog.getByRole("button", { name: "Create admin key" }).click();
    await dialog.getByRole("button", { name: "Copy key" }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("admin-key-row").filter({ hasText: LONG_NAME })).toContainText("Read-only");
    await checkLayoutAndAccessibility(browser, await owner.context.storageState(), slug);
  });
  await owner.context.close();
});
