import { expect, test, type Page } from "@playwright/test";
import { createTeam, newUser } from "../support/accounts";
import { apiKeyByName, teamBySlug } from "../support/db";
import { serviceAuth } from "../support/service-token";

const NETWORK_ERROR = /Couldn.t reach Gatehouse/;

/** Makes every server action call fail the way a dropped connection does; returns the undo. */
async function failServerActions(page: Page) {
  const handler = (route: import("@playwright/test").Route) =>
    route.request().method() === "POST" && route.request().headers()["next-action"]
      ? route.abort("internetdisconnected")
      : route.fallback();
  await page.route("**/*", handler);
  return () => page.unroute("**/*", handler);
}

function toast(page: Page, text: RegExp | string) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

test("the first key's secret survives the empty state turning into the table", async ({ browser }) => {
  const owner = await newUser(browser, "firstkey");
  const slug = await createTeam(owner.page, `First key ${Date.now().toString(36)}`);
  const page = owner.page;
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/${slug}/keys`);
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();

  // The empty state's own button, the one every new team uses.
  await page.getByRole("button", { name: "Create your first key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("First service");
  await dialog.getByRole("button", { name: "Create key" }).click();

  // The page behind refreshes: the empty state (and its button) gives way to the table…
  await expect(page.getByTestId("key-row")).toHaveCount(1);
  await expect(page.getByText("No API keys yet")).toHaveCount(0);
  // …and the one-time secret is still on screen, long enough to copy it.
  await page.waitForTimeout(1000);
  await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
  const secret = dialog.getByTestId("new-key-secret");
  await expect(secret).toHaveText(/^gk_test_[0-9A-Za-z]{46}$/);
  await dialog.getByRole("button", { name: "Copy key" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await expect(secret).toHaveText(copied);

  // The secret works, and closing hands focus to the create button that is still there.
  const verified = await page.request.post("/api/v1/keys/verify", { headers: serviceAuth(), data: { key: copied } });
  expect(await verified.json()).toMatchObject({ valid: true, code: "VALID" });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Create key" })).toBeFocused();
  expect(await page.content()).not.toContain(copied);

  await owner.context.close();
});

test("closing a new secret by any means asks until it was copied (create and rotate)", async ({ browser }) => {
  const owner = await newUser(browser, "unsaved");
  const slug = await createTeam(owner.page, `Unsaved ${Date.now().toString(36)}`);
  const page = owner.page;
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/${slug}/keys`);

  await page.getByRole("button", { name: "Create key", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: /Create API key|Save your key/ });
  await dialog.getByLabel("Name").fill("Billing worker");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
  const secret = (await dialog.getByTestId("new-key-secret").textContent())!;

  const ask = page.getByRole("alertdialog", { name: "Close without copying the key?" });
  const expectAskedAndGoBack = async (shown = secret) => {
    await expect(ask).toBeVisible();
    await expect(ask).toContainText("Billing worker");
    await ask.getByRole("button", { name: "Back to the key" }).click();
    await expect(ask).toBeHidden();
    await expect(page.getByTestId("new-key-secret")).toHaveText(shown);
  };

  // Esc, ×, a click outside and Done all ask first; going back keeps the secret.
  await page.keyboard.press("Escape");
  await expectAskedAndGoBack();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expectAskedAndGoBack();
  await page.mouse.click(4, 4);
  await expectAskedAndGoBack();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(ask).toBeVisible();
  // Esc on the question goes back to the key.
  await page.keyboard.press("Escape");
  await expect(ask).toBeHidden();
  await expect(dialog.getByTestId("new-key-secret")).toHaveText(secret);

  // "I have saved it" closes for good, and the secret is gone from the page.
  await page.keyboard.press("Escape");
  await ask.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // Rotating asks the same way; once the new secret is copied, Esc just closes.
  await page.getByRole("button", { name: "Actions for Billing worker" }).click();
  await page.getByRole("menuitem", { name: /Rotate/ }).click();
  const rotate = page.getByRole("dialog", { name: /Rotate Billing worker|Save your key/ });
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  await expect(rotate.getByRole("heading", { name: "Save your key" })).toBeVisible();
  const rotated = (await rotate.getByTestId("new-key-secret").textContent())!;
  expect(rotated).not.toBe(secret);
  await page.keyboard.press("Escape");
  await expectAskedAndGoBack(rotated);
  await rotate.getByRole("button", { name: "Copy key" }).click();
  // The copy lands when the clipboard write resolves (an Esc before that still asks).
  await expect(page.getByText("Copied to clipboard")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(ask).toHaveCount(0);
  // Focus goes back to the row's menu button.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Actions for Billing worker");

  await owner.context.close();
});

test("key dialogs say when the network is down and stay usable", async ({ browser }) => {
  const owner = await newUser(browser, "offline");
  const slug = await createTeam(owner.page, `Offline keys ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);
  const page = owner.page;
  await page.goto(`/${slug}/keys`);

  await page.getByRole("button", { name: "Create key", exact: true }).click();
  const dialog = page.getByRole("dialog");
  // A field error from the server lands next to its field, which gets focus back from the button.
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Name")).toBeFocused();

  // Create: the call fails, the dialog says so and keeps what was typed.
  await dialog.getByLabel("Name").fill("Offline worker");
  await dialog.getByRole("radio", { name: /Production/ }).check();
  let restore = await failServerActions(page);
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(toast(page, NETWORK_ERROR)).toBeVisible();
  await expect(dialog.getByRole("alert")).toContainText(NETWORK_ERROR);
  await expect(dialog.getByRole("button", { name: "Create key" })).toBeEnabled();
  await expect(dialog.getByRole("button", { name: "Create key" })).toBeFocused();
  await expect(dialog.getByLabel("Name")).toHaveValue("Offline worker");
  await expect(dialog.getByRole("radio", { name: /Production/ })).toBeChecked();
  expect(apiKeyByName(team.id, "Offline worker")).toBeUndefined();

  // Back online, the same form goes through.
  await restore();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("heading", { name: "Save your key" })).toBeVisible();
  await expect(dialog.getByTestId("new-key-secret")).toHaveText(/^gk_live_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Rotate and revoke fail the same way, and can be cancelled afterwards.
  restore = await failServerActions(page);
  for (const [item, button] of [
    [/Rotate/, "Rotate key"],
    [/Revoke/, "Revoke key"],
  ] as const) {
    await page.getByRole("button", { name: "Actions for Offline worker" }).click();
    await page.getByRole("menuitem", { name: item }).click();
    const confirm = page.getByRole("dialog");
    await confirm.getByRole("button", { name: button }).click();
    await expect(confirm.getByRole("alert")).toContainText(NETWORK_ERROR);
    await expect(confirm.getByRole("button", { name: button })).toBeEnabled();
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
  }
  await restore();
  expect(apiKeyByName(team.id, "Offline worker")?.revokedAt).toBeNull();

  await owner.context.close();
});
