import { expect, type Page } from "@playwright/test";
import type { Role } from "../../lib/permissions";

const ROLE_LABEL: Record<Role, string> = { owner: "Owner", admin: "Admin", developer: "Developer", billing: "Billing viewer" };

/** Invites `email` from the members page; returns the invite link shown to the inviter. */
export async function invite(page: Page, slug: string, email: string, role: Role, message = ""): Promise<string> {
  await page.goto(`/${slug}/members`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption(role);
  if (message) await dialog.getByLabel("Personal message (optional)").fill(message);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Invitation ready")).toBeVisible();
  const link = await dialog.getByLabel("Invite link").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText(ROLE_LABEL[role]);
  return link;
}

export function roleLabel(role: Role): string {
  return ROLE_LABEL[role];
}
