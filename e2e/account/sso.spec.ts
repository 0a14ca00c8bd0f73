import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_OIDC_DISPLAY_NAME, E2E_OIDC_ISSUER, E2E_SMTP_PORT } from "../../playwright.config";
import { createTeam, newUser, PASSWORD, signIn, uniqueEmail } from "../support/accounts";
import { membershipOf, openTestDb, teamBySlug } from "../support/db";
import { startSmtpServer } from "../support/smtp";
import { invite } from "../support/team";

/**
 * Single sign-on against a real OpenID Connect provider on loopback
 * (scripts/test-oidc-provider.ts, oidc-provider with its development login and
 * consent screens), started by playwright.config.ts next to the console.
 */

const SSO_BUTTON = `Sign in with ${E2E_OIDC_DISPLAY_NAME}`;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpServer(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
});

/** A user at the provider (its test-only admin API); `login` is what its login screen takes, and the `sub`. */
async function providerUser(login: string, claims: { email: string; emailVerified: boolean; name?: string }) {
  const res = await fetch(`${E2E_OIDC_ISSUER}/_test/users/${encodeURIComponent(login)}`, { method: "PUT", body: JSON.stringify(claims) });
  expect(res.status).toBe(204);
}

/** At the provider: its login screen (any password) and, the first time, its consent screen. */
async function signInAtProvider(page: Page, login: string) {
  await page.waitForURL((url) => url.href.startsWith(E2E_OIDC_ISSUER));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // Consent is asked once per browser and client; after it the provider sends the browser straight back.
  const consent = page.getByRole("button", { name: "Continue" });
  await page.waitForURL((url) => !url.href.startsWith(E2E_OIDC_ISSUER) || url.pathname.startsWith("/interaction/"));
  if (page.url().startsWith(E2E_OIDC_ISSUER) && (await consent.isVisible())) await consent.click();
  await page.waitForURL((url) => !url.href.startsWith(E2E_OIDC_ISSUER));
}

function accountOf(email: string) {
  const db = openTestDb();
  try {
    const user = db.prepare("SELECT id, name, passwordHash, emailVerifiedAt FROM User WHERE email = ?").get(email) as
      | { id: string; name: string; passwordHash: string; emailVerifiedAt: number | string | null }
      | undefined;
    if (!user) return undefined;
    const links = db.prepare("SELECT issuer, subject FROM OidcAccount WHERE userId = ?").all(user.id) as { issuer: string; subject: string }[];
    const sessions = (db.prepare("SELECT count(*) AS n FROM UserSession WHERE userId = ?").get(user.id) as { n: number }).n;
    return { ...user, links, sessions };
  } finally {
    db.close();
  }
}

/** A new account made through the provider, signed in in a browser context of its own. */
async function ssoUser(browser: Browser, who: string) {
  const login = `${who}-${Date.now().toString(36)}`;
  const email = uniqueEmail(who);
  const name = `${who[0].toUpperCase()}${who.slice(1)} Sso`;
  await providerUser(login, { email, emailVerified: true, name });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await signInAtProvider(page, login);
  await expect(page.getByRole("button", { name: `Account menu for ${name}` })).toBeVisible();
  return { context, page, email, name, login };
}

async function signOut(page: Page, name: string) {
  await page.getByRole("button", { name: `Account menu for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
}

test("Sign in with the provider creates the account and lands in the console; the next sign-in finds it again", async ({ browser }) => {
  const login = `ada-${Date.now().toString(36)}`;
  const email = uniqueEmail("sso-ada");
  await providerUser(login, { email, emailVerified: true, name: "Ada Sso" });

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await signInAtProvider(page, login);

  await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
  const created = accountOf(email);
  expect(created).toMatchObject({ name: "Ada Sso", passwordHash: "", sessions: 1, links: [{ issuer: E2E_OIDC_ISSUER, subject: login }] });
  expect(created?.emailVerifiedAt).not.toBeNull();

  await page.goto("/account");
  await expect(page.getByTestId("sso-identity")).toContainText(email);
  await expect(page.getByTestId("account-event").filter({ hasText: "Created the account with single sign-on" })).toHaveCount(1);
  // Single sign-on is this account's only way in: unlinking waits for a password.
  await expect(page.getByRole("button", { name: `Unlink ${email}` })).toBeDisabled();

  // Signing out ends the session; the provider still remembers this browser, so the next sign-in is one click.
  await signOut(page, "Ada Sso");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();

  // A browser the provider has never seen: its login screen, then the same account.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto("/sign-in?callbackUrl=%2Faccount");
  await second.getByRole("button", { name: SSO_BUTTON }).click();
  await signInAtProvider(second, login);
  await expect(second).toHaveURL(/\/account$/);
  await expect(second.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await expect(second.getByTestId("session-row")).toHaveCount(2);
  const after = accountOf(email);
  expect(after?.id).toBe(created?.id);
  expect(after?.links).toHaveLength(1);
  await other.close();
  await context.close();
});

test("an invitation is accepted through single sign-on", async ({ browser }) => {
  // The owner is a single sign-on account too: it may create a team and invite like any other.
  const owner = await ssoUser(browser, "owner");
  const slug = await createTeam(owner.page, "SSO Guild");
  const inviteeEmail = uniqueEmail("sso-invitee");
  const link = await invite(owner.page, slug, inviteeEmail, "developer");
  const login = `ivy-${Date.now().toString(36)}`;
  await providerUser(login, { email: inviteeEmail, emailVerified: true, name: "Ivy Invited" });

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join SSO Guild on Gatehouse" })).toBeVisible();
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await signInAtProvider(page, login);

  // Back on the invitation, signed in as the invited address: the usual accept.
  await expect(page).toHaveURL(new URL(link).pathname);
  await page.getByRole("button", { name: "Join SSO Guild" }).click();
  await page.waitForURL(new RegExp(`/${slug}/keys$`));
  expect(membershipOf(teamBySlug(slug).id, inviteeEmail)?.role).toBe("developer");
  expect(accountOf(inviteeEmail)?.passwordHash).toBe("");
  await context.close();
  await owner.context.close();
});

test("an existing account is not linked on an unverified email; its owner signs in with the password and links it", async ({ browser }) => {
  const user = await newUser(browser, "sso-pat");
  const name = (await user.page.getByRole("button", { name: /^Account menu for / }).getAttribute("aria-label"))!.replace("Account menu for ", "");
  const login = `pat-${Date.now().toString(36)}`;
  await providerUser(login, { email: user.email, emailVerified: false, name: "Pat at the IdP" });
  await user.context.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await signInAtProvider(page, login);

  await expect(page).toHaveURL(/\/sign-in\?/);
  const refusal = page.getByRole("alert").filter({ hasText: "An account with this email already exists" });
  await expect(refusal).toContainText("Sign in with your password, then link single sign-on from your account page");
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  expect(accountOf(user.email)?.links).toEqual([]);

  await signIn(page, user.email, PASSWORD);
  await page.goto("/account");
  await page.getByRole("button", { name: `Link ${E2E_OIDC_DISPLAY_NAME}` }).click();
  // The provider remembers this browser from the refused attempt: straight back.
  await page.waitForURL(/\/account\?sso=linked/);
  await expect(page.getByRole("status").filter({ hasText: `Linked. You can now sign in with ${E2E_OIDC_DISPLAY_NAME}.` })).toBeVisible();
  await expect(page.getByTestId("sso-identity")).toContainText(user.email);
  await expect(page.getByTestId("account-event").filter({ hasText: "Linked single sign-on" })).toHaveCount(1);
  expect(accountOf(user.email)?.links).toEqual([{ issuer: E2E_OIDC_ISSUER, subject: login }]);
  // The request to link was used once: the callback deleted its cookie.
  expect((await context.cookies()).map((c) => c.name)).not.toContain("gatehouse.oidc-link");

  // From now on the provider signs in to this account.
  await signOut(page, name);
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await expect(page.getByText(`Signed in as ${name} (${user.email}).`)).toBeVisible();

  // With a password as well, unlinking is allowed; afterwards the identity is a stranger again.
  await page.getByRole("button", { name: `Unlink ${user.email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Unlink" }).click();
  await expect(page.getByTestId("sso-identity")).toHaveCount(0);
  expect(accountOf(user.email)?.links).toEqual([]);
  await context.close();
});
