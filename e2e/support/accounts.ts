import { expect, type Browser, type Page } from "@playwright/test";
import { openWritableTestDb } from "./db";

export const PASSWORD = "correct horse battery staple";

let seq = 0;
/** A fresh, unique email address for this run. */
export function uniqueEmail(who: string): string {
  return `${who}-${Date.now().toString(36)}${(seq++).toString(36)}@example.test`;
}

export type SignUpOptions = {
  /** The sign-up form is already open (an invitation's "Create an account"). */
  fromCurrentPage?: boolean;
  /**
   * After "Check your email": "db" (the default, for specs not about email) marks the address
   * confirmed in the server's database, as its link would, and signs in; "none" stops at that page
   * (e2e/account/email.spec.ts follows the real link).
   */
  confirm?: "db" | "none";
};

/**
 * Signs up through the form. The console answers "Check your email" (nobody is signed in) unless
 * the sign-up came from an invitation sent to that address, which signs in at once.
 */
export async function signUp(page: Page, name: string, email: string, { fromCurrentPage = false, confirm = "db" }: SignUpOptions = {}) {
  if (!fromCurrentPage) await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  const emailField = page.getByLabel("Email");
  if ((await emailField.inputValue()) !== email) await emailField.fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /create account|sign up/i }).click();
  const checkEmail = page.getByRole("heading", { name: "Check your email to confirm your address" });
  const outcome = await Promise.race([
    checkEmail.waitFor().then(() => "check-email" as const),
    // /sign-up/check-email starts with /sign-up too: only leaving sign-up altogether counts here.
    page.waitForURL((url) => !url.pathname.startsWith("/sign-up")).then(() => "signed-in" as const),
  ]);
  if (outcome === "signed-in" || confirm === "none") return outcome;
  markEmailConfirmed(email);
  await signIn(page, email);
  return outcome;
}

/** What opening the confirmation link does, done in the server's database (SQLite, E2E_DATA_DIR). */
export function markEmailConfirmed(email: string) {
  const db = openWritableTestDb();
  try {
    db.prepare(`UPDATE "User" SET "emailVerifiedAt" = "createdAt" WHERE "email" = ? AND "emailVerifiedAt" IS NULL`).run(email.toLowerCase());
  } finally {
    db.close();
  }
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  // Exactly "Sign in": the page may also offer "Sign in with <provider>" (single sign-on).
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
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
