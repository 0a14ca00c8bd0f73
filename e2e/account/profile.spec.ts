import { expect, test, type Page } from "@playwright/test";
import { createTeam, newUser, PASSWORD, signIn } from "../support/accounts";
import { callServerAction } from "../support/server-action";

/** The account page's profile, password and delete cards, and what they do to other browsers. */

const NEW_PASSWORD = "a different horse battery";
const ACTIONS = "lib/actions/account/profile.ts";

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

/** Signs in expecting to be refused; resolves to the message the form shows. */
async function refusedSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: /./ });
  await expect(alert.first()).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  return (await alert.first().textContent())?.trim();
}

test("changing the name shows it in the header's account menu at once", async ({ browser }) => {
  const { context, page } = await newUser(browser, "renamer");
  await page.goto("/account");
  const nameField = page.getByRole("textbox", { name: "Name", exact: true });
  const card = page.locator("form").filter({ has: nameField });
  await expect(card.getByRole("button", { name: "Save name" })).toBeDisabled();

  // Sign-up's rules hold: an empty name is refused where it was typed.
  await nameField.fill("   ");
  await card.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(nameField).toBeFocused();

  await nameField.fill("Ada Lovelace");
  await card.getByRole("button", { name: "Save name" }).click();
  await expect(toast(page, "Name saved.")).toBeVisible();
  await page.getByRole("button", { name: "Account menu for Ada Lovelace" }).click();
  await expect(page.getByRole("menu")).toContainText("Ada Lovelace");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("account-event").first()).toContainText("Changed the name");

  // It sticks, on other pages too.
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Account menu for Ada Lovelace" })).toBeVisible();
  await context.close();
});

test("changing the password signs out the other browser on its next request; the new password works and the old one does not", async ({ browser }) => {
  const laptop = await newUser(browser, "password");
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await signIn(phone, laptop.email);
  await phone.goto("/account");
  await expect(phone.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  const page = laptop.page;
  await page.goto("/account");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  const card = page.getByTestId("password-card");
  await card.getByLabel("Current password").fill("not my password");
  await card.getByLabel("New password").fill(NEW_PASSWORD);
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(card.getByText("That is not your current password.")).toBeVisible();
  await expect(card.getByLabel("Current password")).toBeFocused();

  await card.getByLabel("Current password").fill(PASSWORD);
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(toast(page, "Password changed. Signed out 1 other session.")).toBeVisible();
  await expect(card.getByLabel("Current password")).toHaveValue("");
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  await expect(page.getByTestId("account-event").filter({ hasText: "Changed the password" })).toHaveCount(1);

  // The other browser is signed out on its very next request; this one is not.
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  // The old password no longer works; the new one does.
  expect(await refusedSignIn(phone, laptop.email, PASSWORD)).toContain("Incorrect email or password.");
  await signIn(phone, laptop.email, NEW_PASSWORD);
  await phone.goto("/account");
  await expect(phone.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await phoneContext.close();
  await laptop.context.close();
});

test("deleting the account is refused while the last owner of a team, allowed once the team is deleted, and the account cannot sign in afterwards", async ({ browser, request }) => {
  // Someone else signs up first, so on a fresh install this account is not the install's (only) operator.
  const first = await newUser(browser, "bystander");
  const { context, page, email } = await newUser(browser, "leaver");
  const teamName = `Solo ${Date.now().toString(36)}`;
  const slug = await createTeam(page, teamName);

  await page.goto("/account");
  const card = page.getByTestId("delete-account-card");
  await expect(card).toContainText("You are the last owner of this team");
  await expect(card.getByRole("list", { name: "Teams you are the last owner of" })).toContainText(teamName);
  await expect(card.getByRole("button", { name: "Delete account" })).toBeDisabled();

  // Calling the action directly is refused too, naming the team; without a session it is refused outright.
  const direct = await callServerAction(page.request, { pagePath: "/account", filename: ACTIONS, exportedName: "deleteAccount", args: [{ password: PASSWORD }] });
  expect(direct.body).toContain('"code":"CONFLICT"');
  expect(direct.body).toContain(`You are the last owner of ${teamName}.`);
  for (const [exportedName, input] of [
    ["deleteAccount", { password: PASSWORD }],
    ["updateProfile", { name: "Nobody" }],
    ["changePassword", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
  ] as const) {
    const anonymous = await callServerAction(request, { pagePath: "/account", filename: ACTIONS, exportedName, args: [input] });
    expect(anonymous.body, exportedName).toContain('"code":"UNAUTHENTICATED"');
  }
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  // The simplest way out: delete the team.
  await page.goto(`/${slug}/settings`);
  await page.getByRole("button", { name: "Delete team" }).click();
  const teamDialog = page.getByRole("dialog");
  await teamDialog.getByRole("textbox").fill(teamName);
  await teamDialog.getByRole("button", { name: "Delete team" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith(`/${slug}`));

  await page.goto("/account");
  await expect(card).not.toContainText("last owner");
  await card.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Your password").fill("not my password");
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(dialog.getByText("That is not your current password.")).toBeVisible();
  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await page.waitForURL(/\/sign-in/);
  await expect(toast(page, "Your account has been deleted.")).toBeVisible();

  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await refusedSignIn(page, email, PASSWORD)).toContain("Incorrect email or password.");
  await context.close();
  await first.context.close();
});
