import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { createTeam, newUser, PASSWORD, signIn, signUp, uniqueEmail } from "../support/accounts";
import { apiKeyByName, teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { startSmtpServer, type ReceivedMail } from "../support/smtp";

/**
 * The account links, end to end through the test's SMTP server: password
 * reset, email confirmation (keys refused until then), email change, and a
 * sign-up that answers the same for a new and a taken address.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpServer(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
});

const NEW_PASSWORD = "a completely new passphrase";
const CHECK_EMAIL = "Check your email to confirm your address";

/** The next message to `to` that `match` accepts, among those received after `after` messages. */
function nextMail(to: string, after: number, match: RegExp = /./): Promise<ReceivedMail> {
  return smtp.waitForMail((m) => smtp.messages.indexOf(m) >= after && m.to.includes(to.toLowerCase()) && match.test(m.text), `to ${to} matching ${match}`);
}

function linkIn(mail: ReceivedMail, path: "reset-password" | "verify-email" | "confirm-email-change"): string {
  const found = new RegExp(`https?://[^\\s"'<>]+/${path}/[A-Za-z0-9_-]{43}`).exec(mail.text);
  if (!found) throw new Error(`no /${path}/ link in:\n${mail.text}`);
  return found[0];
}

async function signedOutPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

const toast = (page: Page, text: RegExp | string) => page.locator("[data-sonner-toast]").filter({ hasText: text });

test("sign-up sends a confirmation link; until it is opened the server refuses to create keys", async ({ browser }) => {
  const page = await signedOutPage(browser);
  const email = uniqueEmail("confirm");
  const before = smtp.messages.length;
  await signUp(page, "Connie Firm", email, { confirm: "none" });
  await expect(page.getByRole("heading", { name: CHECK_EMAIL })).toBeVisible();
  const first = linkIn(await nextMail(email, before, /verify-email/), "verify-email");

  // Not signed in by sign-up: the owner signs in, and the console asks for the confirmation.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email);
  const banner = page.getByRole("status").filter({ hasText: "Confirm your email address" });
  await expect(banner).toBeVisible();
  const slug = await createTeam(page, `Unconfirmed ${Date.now().toString(36)}`);

  // The keys dialog is refused by the server, with the reason.
  await page.goto(`/${slug}/keys`);
  await page.getByRole("button", { name: "Create your first key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Too early");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText(/Confirm your email address before creating API keys/)).toBeVisible();
  await page.keyboard.press("Escape");
  // Called directly, bypassing the page: refused all the same.
  const team = teamBySlug(slug);
  const direct = await callServerAction(page.request, {
    pagePath: `/${slug}/keys`,
    filename: "lib/actions/keys/create-api-key.ts",
    exportedName: "createApiKey",
    args: [{ teamId: team.id, name: "Sneaky", environment: "development", expiry: "never" }],
  });
  expect(direct.body).toContain('"code":"FORBIDDEN"');
  expect(apiKeyByName(team.id, "Too early")).toBeUndefined();
  expect(apiKeyByName(team.id, "Sneaky")).toBeUndefined();

  // "Resend link" sends a new one; the first stops working.
  const beforeResend = smtp.messages.length;
  await banner.getByRole("button", { name: "Resend link" }).click();
  await expect(toast(page, `We sent a new link to ${email}`)).toBeVisible();
  const second = linkIn(await nextMail(email, beforeResend, /verify-email/), "verify-email");
  expect(second).not.toBe(first);
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This confirmation link isn't valid" })).toBeVisible();

  await page.goto(second);
  await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
  await page.getByRole("link", { name: "Continue to Gatehouse" }).click();
  await page.goto(`/${slug}/keys`);
  await expect(page.getByRole("status").filter({ hasText: "Confirm your email address" })).toHaveCount(0);
  await page.getByRole("button", { name: "Create your first key" }).click();
  await dialog.getByLabel("Name").fill("Now allowed");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
  expect(apiKeyByName(team.id, "Now allowed")).toBeDefined();

  // A used link says so.
  await page.goto(second);
  await expect(page.getByRole("heading", { name: "Your address is already confirmed" })).toBeVisible();
  await page.context().close();
});

test("sign-up with a taken address shows the same page, signs nobody in, and tells the owner", async ({ browser }) => {
  const owner = await newUser(browser, "owner");
  const fresh = uniqueEmail("fresh");

  const newcomer = await signedOutPage(browser);
  await signUp(newcomer, "New Comer", fresh, { confirm: "none" });
  const impostor = await signedOutPage(browser);
  const before = smtp.messages.length;
  await signUp(impostor, "Im Postor", owner.email, { confirm: "none" });

  // The same page, word for word, but for the address typed.
  const pageText = async (page: Page, email: string) => (await page.getByRole("main").innerText()).replaceAll(email, "<email>");
  expect(await pageText(impostor, owner.email)).toBe(await pageText(newcomer, fresh));
  expect(new URL(impostor.url()).pathname).toBe(new URL(newcomer.url()).pathname);

  // Nobody is signed in…
  await impostor.goto("/account");
  await expect(impostor).toHaveURL(/\/sign-in/);
  // …the owner hears about it instead, and the account is unchanged (the owner's password still works).
  const note = await nextMail(owner.email, before, /Someone tried to create a Gatehouse account/);
  expect(note.text).toContain("/forgot-password");
  expect(note.text).not.toMatch(/verify-email|reset-password\//);
  await signIn(impostor, owner.email);
  await impostor.goto("/account");
  await expect(impostor.getByTestId("current-email")).toHaveText(owner.email);

  for (const p of [newcomer, impostor]) await p.context().close();
  await owner.context.close();
});

test("forgot password: the same answer for any address, a link by email, a new password, and every old session refused", async ({ browser }) => {
  const laptop = await newUser(browser, "forgetful");
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await signIn(phone, laptop.email);

  const page = await signedOutPage(browser);
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  const answer = page.getByRole("status");

  // An address without an account gets the same answer (and no email).
  const nobody = uniqueEmail("nobody");
  await page.getByLabel("Email").fill(nobody);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(answer).toContainText("If an account exists for that address, we sent a link");
  const unknownAnswer = await answer.innerText();
  await page.getByRole("button", { name: "try another address" }).click();

  const before = smtp.messages.length;
  await page.getByLabel("Email").fill(laptop.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(answer).toHaveText(unknownAnswer);
  const link = linkIn(await nextMail(laptop.email, before, /reset-password/), "reset-password");
  expect(smtp.messages.some((m) => m.to.includes(nobody))).toBe(false);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).toHaveValue(laptop.email);

  // Every session from before is signed out, on its very next request.
  for (const old of [laptop.page, phone]) {
    await old.goto("/account");
    await expect(old).toHaveURL(/\/sign-in/);
  }
  // The old password no longer works; the new one does.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();
  await signIn(page, laptop.email, NEW_PASSWORD);
  await page.goto("/account");
  await expect(page.getByTestId("account-event").filter({ hasText: "Reset the password" })).toHaveCount(1);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This reset link isn't valid" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

  for (const c of [laptop.context, phoneContext, page.context()]) await c.close();
});

test("changing the email sends a link to the new address and a notice to the old; the link makes the change", async ({ browser }) => {
  const user = await newUser(browser, "mover");
  const newEmail = uniqueEmail("moved");
  const page = user.page;
  await page.goto("/account");
  const card = page.getByRole("region", { name: "Email address" });
  await expect(card.getByTestId("current-email")).toHaveText(user.email);

  // The current password is required.
  await card.getByLabel("New email address").fill(newEmail);
  await card.getByLabel("Your password").fill("not my password");
  await card.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(card.getByText("That is not your current password.")).toBeVisible();

  const before = smtp.messages.length;
  await card.getByLabel("Your password").fill(PASSWORD);
  await card.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(toast(page, `We sent a link to ${newEmail}`)).toBeVisible();
  await expect(page.getByTestId("pending-email-change")).toContainText(newEmail);
  const link = linkIn(await nextMail(newEmail, before, /confirm-email-change/), "confirm-email-change");
  const notice = await nextMail(user.email, before, /is being changed/);
  expect(notice.text).toContain(newEmail);
  expect(notice.text).not.toMatch(/confirm-email-change\//);

  // Opened from the new mailbox, in a browser that is not signed in.
  const elsewhere = await signedOutPage(browser);
  await elsewhere.goto(link);
  await expect(elsewhere.getByRole("heading", { name: "Your email address was changed" })).toBeVisible();
  await signIn(elsewhere, newEmail);

  // The first browser stays signed in, and now reads the new, confirmed address.
  await page.reload();
  await expect(card.getByTestId("current-email")).toHaveText(newEmail);
  await expect(card.getByText("Confirmed", { exact: true })).toBeVisible();
  await expect(page.getByTestId("pending-email-change")).toHaveCount(0);
  await expect(page.getByTestId("account-event").filter({ hasText: "Changed the email address" })).toHaveCount(1);

  await elsewhere.goto(link);
  await expect(elsewhere.getByRole("heading", { name: "This link isn't valid" })).toBeVisible();
  for (const c of [user.context, elsewhere.context()]) await c.close();
});
