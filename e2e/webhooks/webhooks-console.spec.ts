import { expect, test } from "@playwright/test";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { expectNoSeriousViolations } from "../support/axe";
import { openTestDb, teamBySlug } from "../support/db";
import { closeSecret } from "../support/one-time-secret";
import { callServerAction } from "../support/server-action";
import { invite } from "../support/team";
import { startReceiver, verifyDelivery } from "../support/webhooks";

function endpointCount(teamId: string): number {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM WebhookEndpoint WHERE teamId = ?").get(teamId) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("an owner adds an endpoint, sends a signed test event, rotates the secret and disables it; a developer is refused", async ({ browser }) => {
  const receiver = await startReceiver();
  const owner = await newUser(browser, "hooks");
  const page = owner.page;
  const slug = await createTeam(page, `Hooks ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);

  await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
  await expectNoSeriousViolations(page, "webhooks (empty)");

  // Add: a bad URL first keeps what was typed and says why.
  await page.getByRole("button", { name: "Add your first endpoint" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Endpoint URL").fill("ftp://example.com/hooks");
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText(/Use an https:\/\/ URL/)).toBeVisible();
  await dialog.getByLabel("Endpoint URL").fill(receiver.url);
  await dialog.getByLabel("Description (optional)").fill("Loopback receiver");
  await expect(dialog.getByRole("checkbox", { name: /All events/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();

  // The secret is shown once.
  const secretBox = dialog.getByTestId("new-key-secret");
  await expect(secretBox).toHaveText(/^whsec_/);
  const secret = (await secretBox.textContent())!.trim();
  await closeSecret(page);
  await page.reload();
  await expect(page.getByTestId("endpoint-row")).toContainText(receiver.url);
  expect(await page.content()).not.toContain(secret);
  await expectNoSeriousViolations(page, "webhooks (list)");

  // Send a test event: the receiver gets it, signed.
  await page.getByTestId("endpoint-row").getByRole("link", { name: receiver.url }).click();
  await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
  const endpointPath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
  const first = verifyDelivery(secret, receiver.received[0]);
  expect(first).toMatchObject({ type: "webhook.test", data: { team_id: team.id } });

  // The table shows it succeeded with 200; the row opens to its payload.
  const row = page.getByTestId("delivery-row").first();
  await expect(row).toContainText("Succeeded", { timeout: 15_000 });
  await expect(row).toContainText("200");
  await row.getByRole("button", { name: /Show details of webhook.test/ }).click();
  await expect(page.getByRole("table", { name: "Deliveries" }).getByTestId("delivery-detail").getByText('"type": "webhook.test"')).toBeVisible();
  await expectNoSeriousViolations(page, "endpoint page");

  // Rotate: during the overlap each delivery is signed with both secrets.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("radio", { name: /Sign with both secrets for 24 hours/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(dialog.getByTestId("new-key-secret")).toHaveText(/^whsec_/);
  const rotated = (await dialog.getByTestId("new-key-secret").textContent())!.trim();
  expect(rotated).not.toBe(secret);
  await expect(dialog.getByTestId("old-secret-until")).toContainText("signed with the old secret too");
  await closeSecret(page);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
  expect(verifyDelivery(rotated, receiver.received[1]).type).toBe("webhook.test");
  expect(verifyDelivery(secret, receiver.received[1]).type).toBe("webhook.test");
  expect(String(receiver.received[1].headers["webhook-signature"]).split(" ")).toHaveLength(2);

  // Disable: nothing more can be sent.
  await page.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable endpoint" }).click();
  await expect(page.getByText("Turned off by a team member.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send test event" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Resend/ }).first()).toBeDisabled();

  // Dark theme, both pages.
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expectNoSeriousViolations(page, "endpoint page (dark)");
  await page.goto(`/${slug}/webhooks`);
  await expectNoSeriousViolations(page, "webhooks (dark)");

  // A phone: stacked rows, actions in reach, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [`/${slug}/webhooks`, endpointPath]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  await expect(page.getByTestId("delivery-card").first().getByRole("button", { name: /^Resend/ })).toBeVisible();
  await page.getByTestId("delivery-card").first().getByRole("button", { name: "Details" }).click();
  await expect(page.getByTestId("delivery-card").first().getByTestId("delivery-detail")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // A developer sees why there is nothing here, and the server refuses the action called directly.
  const devEmail = uniqueEmail("hookdev");
  await page.setViewportSize({ width: 1280, height: 800 });
  const link = await invite(page, slug, devEmail, "developer");
  const dev = await joinWithLink(browser, link, "Hook Dev", devEmail);
  await expect(dev.page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await dev.page.goto(`/${slug}/webhooks`);
  await expect(dev.page.getByRole("heading", { name: "Only owners and admins manage webhooks" })).toBeVisible();
  const refused = await callServerAction(dev.page.request, {
    pagePath: `/${slug}/webhooks`,
    filename: "lib/actions/webhooks/create-webhook-endpoint.ts",
    exportedName: "createWebhookEndpoint",
    args: [{ teamId: team.id, url: "https://attacker.example/hook" }],
  });
  expect(refused.body).toContain('"code":"FORBIDDEN"');
  expect(endpointCount(team.id)).toBe(1);

  for (const c of [owner.context, dev.context]) await c.close();
  await receiver.close();
});

test("an unknown or malformed endpoint id is the not-found page", async ({ browser }) => {
  const owner = await newUser(browser, "hooks404");
  const slug = await createTeam(owner.page, `Hooks404 ${Date.now().toString(36)}`);
  for (const id of ["cmnotanendpoint0000000000", "not%20an%20id"]) {
    await owner.page.goto(`/${slug}/webhooks/${id}`);
    await expect(owner.page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(owner.page.locator('meta[name="robots"]').first()).toHaveAttribute("content", /noindex/);
  }
  await owner.context.close();
});
