import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { totpCode } from "../../lib/auth/two-factor/totp";
import { createTeam, joinWithLink, newUser, PASSWORD, uniqueEmail } from "../support/accounts";
import { teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { invite } from "../support/team";

/**
 * Two-factor sign-in with an authenticator app. The test is the app: it
 * reads the secret the page shows and computes the codes with the same
 * RFC 6238 function, so every code here is what a phone would show.
 */

/** A code of the next time step: newer than any code the account used in this one, and inside the server's window. */
const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000);
const notTheCode = (secret: string) => (nextCode(secret) === "000000" ? "111111" : "000000");

/** Turns two-factor on from the account page; returns the secret and the recovery codes shown once. */
async function turnOnTwoFactor(page: Page, path = "/account"): Promise<{ secret: string; codes: string[] }> {
  await page.goto(path);
  const card = page.getByTestId("two-factor-card");
  await card.getByRole("button", { name: "Turn on two-factor…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await dialog.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await dialog.getByLabel("2. Enter the 6-digit code the app shows").fill(totpCode(secret));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const codes = await dialog.getByTestId("recovery-code").allInnerTexts();
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /account menu/i }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Email and password; resolves once the form asks for the second factor. */
async function signInToCodeStep(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
}

test("turn on two-factor, then sign in with password and code; a wrong code is refused; a recovery code works once", async ({ browser }) => {
  const { context, page, email } = await newUser(browser, "totp");
  await page.goto("/account");
  const card = page.getByTestId("two-factor-card");
  await card.getByRole("button", { name: "Turn on two-factor…" }).click();
  const dialog = page.getByRole("dialog");
  const secret = (await dialog.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  // A code that is not the app's is refused, and nothing is turned on.
  await dialog.getByLabel("2. Enter the 6-digit code the app shows").fill(notTheCode(secret));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog.getByText(/That code didn't match/)).toBeVisible();
  await dialog.getByLabel("2. Enter the 6-digit code the app shows").fill(totpCode(secret));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  const codes = await dialog.getByTestId("recovery-code").allInnerTexts();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);

  // Shown once: closing before saving them asks first; the download holds them all.
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Close without saving your recovery codes?");
  await page.getByRole("button", { name: "Back to the codes" }).click();
  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download .txt" }).click();
  const file = await (await download).path();
  const text = fs.readFileSync(file, "utf8");
  for (const code of codes) expect(text).toContain(code);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText("On", { exact: true })).toBeVisible();
  await expect(card.getByTestId("recovery-codes-left")).toHaveText("10 of 10 recovery codes left.");
  await expect(page.getByTestId("account-event").first()).toContainText("Turned on two-factor authentication");

  // Signing in now asks for a code after the password; a wrong one keeps the browser out.
  await signOut(page);
  await signInToCodeStep(page, email);
  await page.getByLabel("Authentication code").fill(notTheCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code didn't work.", { exact: false })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInToCodeStep(page, email);
  await page.getByLabel("Authentication code").fill(nextCode(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page.getByTestId("account-event").first()).toContainText("with an authenticator code");

  // A recovery code instead of the app: works once.
  await signOut(page);
  await signInToCodeStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9 of 10 recovery codes left.");
  await expect(page.getByTestId("account-event").filter({ hasText: "Used a recovery code" })).toContainText("9 left");

  await signOut(page);
  await signInToCodeStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That recovery code didn't work.", { exact: false })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});

test("an owner requires two-factor; a member without it is sent to set it up before seeing the team", async ({ browser }) => {
  const owner = await newUser(browser, "owner");
  const teamName = `Vault ${Date.now().toString(36)}`;
  const slug = await createTeam(owner.page, teamName);
  const team = teamBySlug(slug);
  const memberEmail = uniqueEmail("mia");
  const member = await joinWithLink(browser, await invite(owner.page, slug, memberEmail, "developer"), "Mia Member", memberEmail);

  // The owner must have two-factor before requiring it of others.
  await owner.page.goto(`/${slug}/settings`);
  const toggle = owner.page.getByRole("switch", { name: "Require two-factor authentication" });
  await expect(toggle).toBeDisabled();
  await expect(owner.page.getByText("Turn on two-factor for your own account first")).toBeVisible();
  await turnOnTwoFactor(owner.page);
  await owner.page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await owner.page.getByRole("alertdialog").getByRole("button", { name: "I have saved them" }).click();

  await owner.page.goto(`/${slug}/settings`);
  await expect(owner.page.getByTestId("two-factor-members")).toHaveText("1 member doesn't have two-factor on yet.");
  await toggle.click();
  const confirm = owner.page.getByRole("dialog");
  await expect(confirm).toContainText(`Require two-factor for ${teamName}?`);
  await confirm.getByRole("button", { name: "Require two-factor" }).click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await owner.page.goto(`/${slug}/audit`);
  const entry = owner.page.locator('[data-testid="audit-row"][data-action="team.two_factor_changed"]');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Two-factor requirement changed");
  await expect(entry).toContainText("now required for every member");

  // The member's very next page of the team sends them to set it up, naming the team.
  await member.page.goto(`/${slug}/keys`);
  await expect(member.page).toHaveURL(new RegExp(`/account\\?twoFactorFor=${slug}#two-factor$`));
  const card = member.page.getByTestId("two-factor-card");
  await expect(card.getByRole("alert")).toContainText(`${teamName} requires two-factor authentication for its members.`);
  await member.page.goto(`/${slug}`);
  await expect(member.page).toHaveURL(/\/account\?twoFactorFor=/);

  // A team action called directly (devtools) is refused on the server too.
  const direct = await callServerAction(member.page.request, {
    pagePath: `/${slug}/keys`,
    filename: "lib/actions/keys/create-api-key.ts",
    exportedName: "createApiKey",
    args: [{ teamId: team.id, name: "around the gate", environment: "development", expiry: "never" }],
  });
  expect(direct.body).toContain('"code":"FORBIDDEN"');
  expect(direct.body).toContain("requires two-factor authentication");

  // Once it is on, the team opens.
  await turnOnTwoFactor(member.page, `/account?twoFactorFor=${slug}`);
  const dialog = member.page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Done" }).click();
  await member.page.getByRole("alertdialog").getByRole("button", { name: "I have saved them" }).click();
  await member.page.getByRole("link", { name: `Continue to ${teamName}` }).click();
  await expect(member.page).toHaveURL(new RegExp(`/${slug}/keys$`));
  await expect(member.page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();

  // And two-factor cannot be turned off while the team requires it.
  await member.page.goto("/account");
  await expect(member.page.getByTestId("two-factor-card").getByRole("button", { name: "Turn off…" })).toBeDisabled();
  await owner.context.close();
  await member.context.close();
});
