import { expect, test, type Browser } from "@playwright/test";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { createTeam, newUser, signUp, uniqueEmail } from "../support/accounts";
import { inviteLinkFrom, startSmtpServer } from "../support/smtp";
import { invite } from "../support/team";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpServer(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
});

/** The invitee opens the emailed link signed out, creates an account from it and joins. */
async function acceptByEmail(browser: Browser, email: string, name: string, teamName: string) {
  const mail = await smtp.waitFor(email);
  expect(mail.subject).toContain(teamName);
  const link = inviteLinkFrom(mail);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${teamName} on Gatehouse` })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await signUp(page, name, email, { fromCurrentPage: true });
  await page.getByRole("button", { name: `Join ${teamName}` }).click();
  await page.waitForURL(/\/keys$/);
  return { context, page };
}

test("an owner builds a team through emailed invitations, changes roles and removes a member", async ({ browser }) => {
  const teamName = `Orbital ${Date.now().toString(36)}`;
  const owner = await newUser(browser, "owner");
  const slug = await createTeam(owner.page, teamName);
  await expect(owner.page.getByRole("banner")).toContainText(teamName);

  const adminEmail = uniqueEmail("admin");
  await invite(owner.page, slug, adminEmail, "admin", "Welcome aboard!");
  const admin = await acceptByEmail(browser, adminEmail, "Ada Admin", teamName);
  expect((await smtp.waitFor(adminEmail)).text).toContain("Welcome aboard!");

  // The admin invites a developer and a billing viewer; owner is not offered to an admin.
  await admin.page.goto(`/${slug}/members`);
  await admin.page.getByRole("button", { name: "Invite member" }).click();
  await expect(admin.page.getByRole("dialog").getByLabel("Role").locator("option")).not.toContainText(["Owner"]);
  await admin.page.keyboard.press("Escape");
  const devEmail = uniqueEmail("dev");
  const billingEmail = uniqueEmail("billing");
  await invite(admin.page, slug, devEmail, "developer");
  await invite(admin.page, slug, billingEmail, "billing");
  const dev = await acceptByEmail(browser, devEmail, "Dev Eloper", teamName);
  const billing = await acceptByEmail(browser, billingEmail, "Bill Ing", teamName);

  // Everyone is listed with their role.
  await owner.page.goto(`/${slug}/members`);
  for (const [email, label] of [
    [adminEmail, "Admin"],
    [devEmail, "Developer"],
    [billingEmail, "Billing viewer"],
  ]) {
    await expect(owner.page.getByRole("row").filter({ hasText: email })).toContainText(label);
  }

  // The owner promotes the billing viewer to developer; it sticks after a reload.
  await owner.page.getByLabel("Role of Bill Ing").selectOption("developer");
  await owner.page.getByRole("dialog").getByRole("button", { name: "Make Developer" }).click();
  await expect(owner.page.getByText("Bill Ing's role is now Developer.")).toBeVisible();
  await owner.page.reload();
  await expect(owner.page.getByLabel("Role of Bill Ing")).toHaveValue("developer");

  // The developer sees the member list read-only.
  await dev.page.goto(`/${slug}/members`);
  await expect(dev.page.getByRole("button", { name: "Invite member" })).toHaveCount(0);

  // The admin removes the developer, after confirming.
  await admin.page.goto(`/${slug}/members`);
  await admin.page.getByRole("button", { name: "Remove Dev Eloper" }).click();
  await admin.page.getByRole("button", { name: "Remove member" }).click();
  await expect(admin.page.getByRole("row").filter({ hasText: devEmail })).toHaveCount(0);

  // The removed member's very next request is refused.
  await dev.page.reload();
  await expect(dev.page.getByText(/not found|no access|don't have access/i).first()).toBeVisible();
  await expect(dev.page.getByRole("row").filter({ hasText: adminEmail })).toHaveCount(0);

  // The audit log tells the story, newest first.
  await owner.page.goto(`/${slug}/audit`);
  const rows = owner.page.getByRole("row");
  await expect(rows.nth(1)).toContainText(/removed/i);
  await expect(owner.page.getByRole("table")).toContainText(/joined/i);
  await expect(owner.page.getByRole("table")).toContainText(/invited/i);

  for (const c of [owner.context, admin.context, dev.context, billing.context]) await c.close();
});
