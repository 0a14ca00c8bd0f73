import { expect, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

let seq = 0;
/** A fresh, unique email address for this run. */
export function uniqueEmail(who: string): string {
  return `${who}-${Date.now().toString(36)}${(seq++).toString(36)}@example.test`;
}

export async function signUp(page: Page, name: string, email: string, { fromCurrentPage = false } = {}) {
  if (!fromCurrentPage) await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  const emailField = page.getByLabel("Email");
  if ((await emailField.inputValue()) !== email) await emailField.fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(page).not.toHaveURL(/\/sign-up/);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export async function createTeam(page: Page, name: string): Promise<string> {
  await page.goto("/teams/new");
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: /create team/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/teams/new"));
  return new URL(page.url()).pathname.split("/")[1];
}

/** A signed-up user in a browser context of their own. */
export async function newUser(browser: Browser, who: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(who);
  await signUp(page, `${who[0].toUpperCase()}${who.slice(1)} Tester`, email);
  return { context, page, email };
}

/** Opens an invite link in a new context, signs up as `email` from it and joins the team. */
export async function joinWithLink(browser: Browser, link: string, name: string, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("link", { name: "Create an account" }).click();
  await signUp(page, name, email, { fromCurrentPage: true });
  await page.getByRole("button", { name: /^Join / }).click();
  await page.waitForURL(/\/keys$/);
  return { context, page, email };
}
