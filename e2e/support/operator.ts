import { expect, type Browser, type Page } from "@playwright/test";
import { signUp } from "./accounts";

/** The operator named by GATEHOUSE_OPERATORS in playwright.config.ts. */
export const OPERATOR_EMAIL = "operator@gatehouse.test";

/** Signs the operator in, creating the account on first use (the data dir may outlive a run). */
export async function operatorSession(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Sign-up answers "Check your email" whether or not the account exists; then sign in.
  await signUp(page, "Olga Operator", OPERATOR_EMAIL);
  await expect(page).not.toHaveURL(/\/sign-(up|in)/);
  return { context, page };
}

/** Opens the Operator area's page of the team called `teamName`, by searching for it. */
export async function openOperatorTeam(page: Page, teamName: string) {
  await page.goto("/operator/teams");
  await page.getByLabel("Name, slug, member email or team id").fill(teamName);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: teamName, exact: true }).click();
  await expect(page.getByRole("heading", { name: teamName })).toBeVisible();
}

/** Creates a service token in the Operator area and returns its secret, read from the one-time reveal. */
export async function createServiceTokenInUi(page: Page, name: string): Promise<string> {
  await page.goto("/operator/service-tokens");
  await page.getByRole("button", { name: "Create token" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = dialog.getByTestId("new-key-secret");
  await expect(secret).toHaveText(/^gks_/);
  await dialog.getByRole("button", { name: "Copy key" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await expect(secret).toHaveText(copied);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toBeVisible();
  return copied;
}
