import { expect, test } from "@playwright/test";
import { createTeam, newUser, uniqueEmail } from "../support/accounts";
import { invite } from "../support/team";

// A phone is 390 px wide: no page may scroll sideways there; wide tables scroll inside their frame.
test("console pages with tables do not scroll sideways on a 390 px phone, in either theme", async ({ browser }) => {
  const owner = await newUser(browser, "phone");
  const slug = await createTeam(owner.page, `Phone ${Date.now().toString(36)}`);
  await invite(owner.page, slug, uniqueEmail("invitee"), "developer");
  await owner.page.goto(`/${slug}/keys`);
  await owner.page.getByRole("button", { name: "Create your first key" }).click();
  const dialog = owner.page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Phone worker");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await dialog.getByRole("button", { name: "Copy key" }).click();
  await expect(owner.page.getByText("Copied to clipboard")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(owner.page.getByRole("row").filter({ hasText: "Phone worker" })).toBeVisible();

  const state = await owner.context.storageState();
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme, storageState: state });
    const page = await context.newPage();
    for (const section of ["keys", "members", "audit", "usage", "settings"]) {
      await page.goto(`/${slug}/${section}`);
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${section} (${colorScheme}) is ${width} px wide`).toBeLessThanOrEqual(390);
    }
    await context.close();
  }
  await owner.context.close();
});
