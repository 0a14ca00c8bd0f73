import { expect, type Page } from "@playwright/test";

/** Reads the secret a dialog shows once (API keys, admin keys, webhook signing secrets). */
export async function readShownSecret(page: Page, pattern: RegExp): Promise<string> {
  const box = page.getByRole("dialog").getByTestId("new-key-secret");
  await expect(box).toHaveText(pattern);
  return (await box.textContent())!.trim();
}

/** Closes a one-time secret without the clipboard: the guard asks first. */
export async function closeSecret(page: Page) {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
}
