import { expect, test, type Page } from "@playwright/test";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { membershipOf, teamBySlug } from "../support/db";
import { invite } from "../support/team";

const NETWORK_ERROR = /Couldn.t reach Gatehouse/;

function toast(page: Page, text: RegExp | string) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

test("a role change waits for a confirmation that names the person, both roles and what the new one allows", async ({ browser }) => {
  const owner = await newUser(browser, "owner");
  const slug = await createTeam(owner.page, `Roles ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);
  const beaEmail = uniqueEmail("bea");
  const bea = await joinWithLink(browser, await invite(owner.page, slug, beaEmail, "billing"), "Bea Billing", beaEmail);
  const page = owner.page;
  await page.goto(`/${slug}/members`);
  const select = page.getByLabel("Role of Bea Billing");
  const dialog = page.getByRole("dialog");

  // Picking Owner changes nothing yet: a dialog asks, naming her, both roles and what owners may do.
  await select.selectOption("owner");
  await expect(dialog.getByRole("heading", { name: "Change Bea Billing's role?" })).toBeVisible();
  await expect(dialog).toContainText(beaEmail);
  await expect(dialog).toContainText("from Billing viewer to Owner");
  await expect(dialog.getByTestId("role-gains")).toContainText("Delete the team");
  await expect(dialog.getByTestId("role-gains")).not.toContainText("Read usage and cost");
  await expect(dialog.getByTestId("role-keeps")).toContainText("Read usage and cost");
  expect(membershipOf(team.id, beaEmail)?.role).toBe("billing");

  // Cancel puts the select back and leaves focus on it.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(select).toHaveValue("billing");
  await expect(select).toBeFocused();

  // An arrow key on the focused select asks too; Esc backs out the same way.
  await page.keyboard.press("ArrowUp");
  await expect(dialog.getByRole("heading", { name: "Change Bea Billing's role?" })).toBeVisible();
  await expect(dialog).toContainText("to Developer");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(select).toHaveValue("billing");
  await expect(select).toBeFocused();
  expect(membershipOf(team.id, beaEmail)?.role).toBe("billing");

  // Confirming saves it; the toast names her and focus stays on her select.
  await select.selectOption("developer");
  await expect(dialog.getByTestId("role-allows")).toContainText("Create API keys");
  await dialog.getByRole("button", { name: "Make Developer" }).click();
  await expect(toast(page, "Bea Billing's role is now Developer.")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(select).toHaveValue("developer");
  await expect(select).toBeFocused();
  await expect.poll(() => membershipOf(team.id, beaEmail)?.role).toBe("developer");

  // A demotion lists what she loses.
  await select.selectOption("billing");
  await expect(dialog.getByTestId("role-loses")).toContainText("Create API keys");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // With the connection down the dialog says so, stays usable, and Cancel restores the select.
  await owner.context.setOffline(true);
  await select.selectOption("admin");
  await dialog.getByRole("button", { name: "Make Admin" }).click();
  await expect(dialog.getByRole("alert")).toContainText(NETWORK_ERROR);
  await expect(dialog.getByRole("button", { name: "Make Admin" })).toBeEnabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(select).toHaveValue("developer");
  await owner.context.setOffline(false);
  expect(membershipOf(team.id, beaEmail)?.role).toBe("developer");

  await page.reload();
  await expect(page.getByLabel("Role of Bea Billing")).toHaveValue("developer");
  for (const c of [owner.context, bea.context]) await c.close();
});

test("with the connection down, invite, revoke and settings say so and keep what was typed", async ({ browser }) => {
  const owner = await newUser(browser, "offline");
  const slug = await createTeam(owner.page, `Offline ${Date.now().toString(36)}`);
  const page = owner.page;
  await page.goto(`/${slug}/members`);

  // Invite: the failure is shown, the form keeps its values and can be sent again.
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  const email = uniqueEmail("later");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("admin");
  await dialog.getByLabel("Personal message (optional)").fill("See you soon");
  await owner.context.setOffline(true);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(toast(page, NETWORK_ERROR)).toBeVisible();
  await expect(dialog.getByRole("alert")).toContainText(NETWORK_ERROR);
  await expect(dialog.getByRole("button", { name: "Send invitation" })).toBeEnabled();
  await expect(dialog.getByLabel("Email")).toHaveValue(email);
  await expect(dialog.getByLabel("Role")).toHaveValue("admin");
  await expect(dialog.getByLabel("Personal message (optional)")).toHaveValue("See you soon");
  await owner.context.setOffline(false);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Invitation ready")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Admin");

  // Revoking the invitation offline: the confirm dialog reports it and can be cancelled.
  await owner.context.setOffline(true);
  await page.getByRole("button", { name: `Actions for the invitation to ${email}` }).click();
  await page.getByRole("menuitem", { name: /Revoke/ }).click();
  await dialog.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(dialog.getByRole("alert")).toContainText(NETWORK_ERROR);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  // Team settings keep the new name and say why it wasn't saved.
  await owner.context.setOffline(false);
  await page.goto(`/${slug}/settings`);
  await owner.context.setOffline(true);
  await page.getByLabel("Team name").fill("Renamed offline");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: NETWORK_ERROR }).first()).toBeVisible();
  await expect(page.getByLabel("Team name")).toHaveValue("Renamed offline");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();
  await owner.context.setOffline(false);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(toast(page, "Team settings saved.")).toBeVisible();

  await owner.context.close();
});
