import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createTeam, newUser } from "../support/accounts";

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(serious, `${what} has accessibility violations`).toEqual([]);
}

test("the main pages have no serious or critical accessibility violations", async ({ browser, page }) => {
  for (const path of ["/sign-in", "/sign-up"]) {
    await page.goto(path);
    await expectNoSeriousViolations(page, path);
  }

  const owner = await newUser(browser, "a11y");
  const slug = await createTeam(owner.page, `Axe ${Date.now().toString(36)}`);
  for (const section of ["keys", "usage", "members", "audit", "settings"]) {
    await owner.page.goto(`/${slug}/${section}`);
    await owner.page.waitForLoadState("networkidle");
    await expectNoSeriousViolations(owner.page, section);
  }
  for (const theme of ["dark"]) {
    await owner.page.evaluate((t) => localStorage.setItem("theme", t), theme);
    await owner.page.goto(`/${slug}/members`);
    await expectNoSeriousViolations(owner.page, `members (${theme})`);
  }
  await owner.context.close();
});
