import { expect, test } from "@playwright/test";
import { newUser, signIn } from "../support/accounts";

/**
 * Sessions live on the server: signing out kills the session itself, not
 * just this browser's cookie, and the account page signs out other browsers.
 */
test("a copied session cookie dies when its browser signs out", async ({ browser }) => {
  const owner = await newUser(browser, "cookie");
  // Someone copies the session cookie into another browser: it works, as a cookie does…
  const thief = await browser.newContext();
  await thief.addCookies(await owner.context.cookies());
  const stolen = await thief.newPage();
  await stolen.goto("/account");
  await expect(stolen.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  // …until the owner signs out.
  await owner.page.goto("/account");
  await owner.page.getByRole("button", { name: /account menu/i }).click();
  await owner.page.getByRole("menuitem", { name: "Sign out" }).click();
  await owner.page.waitForURL(/\/sign-in/);

  await stolen.goto("/account");
  await expect(stolen).toHaveURL(/\/sign-in/);
  await thief.close();
  await owner.context.close();
});

test("the account page lists sessions and signs out another browser on its next request", async ({ browser }) => {
  const laptop = await newUser(browser, "sessions");
  const phoneContext = await browser.newContext({
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, laptop.email);
  await phone.goto("/account");
  await expect(phone.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  const page = laptop.page;
  await page.goto("/account");
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("This browser");
  const phoneRow = rows.filter({ hasText: "Safari on iOS" });
  await expect(phoneRow).toHaveCount(1);

  await phoneRow.getByRole("button", { name: /^Sign out Safari on iOS/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out session" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Signed out that session" })).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("account-event").filter({ hasText: "Signed out a session" })).toContainText("Safari on iOS");

  // The phone's very next request is signed out; the laptop is not.
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  // The phone signs in again; "Sign out everywhere" from the laptop ends the phone's session and this browser's too.
  await signIn(phone, laptop.email);
  await phone.goto("/account");
  await expect(phone.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await page.reload();
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Sign out everywhere…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/sign-in/);
  await phoneContext.close();
  await laptop.context.close();
});
