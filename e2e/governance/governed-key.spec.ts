import { expect, test, type Page } from "@playwright/test";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { apiKeyByName, keyPolicyOf, teamBySlug } from "../support/db";
import { expectBudgetSpentShown, nextMonthUtc, providerBackend } from "../support/governance";
import { createServiceTokenInUi, OPERATOR_EMAIL, openOperatorTeam, operatorSession } from "../support/operator";
import { callServerAction } from "../support/server-action";
import { startSmtpServer, type ReceivedMail } from "../support/smtp";
import { invite } from "../support/team";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpServer(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
});

const HAIKU = "claude-haiku-4-5";
const ALLOWED_IP = "203.0.113.7";
const KEY_NAME = "Storefront";

function toast(page: Page, text: string | RegExp) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

test("an operator's limits and prices govern a partner's key: models, rate, IP, budget, alerts, dashboards, roles", async ({ browser }) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const teamName = `Governed ${suffix}`;
  let slug = "";
  let teamId = "";
  let serviceToken = "";
  let secret = "";
  let keyId = "";

  const owner = await newUser(browser, "owner");
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const billingEmail = uniqueEmail("billing");
  const devEmail = uniqueEmail("dev");

  const { billing, dev } = await test.step("an owner's team, with a billing viewer and a developer", async () => {
    slug = await createTeam(owner.page, teamName);
    teamId = teamBySlug(slug).id;
    return {
      billing: await joinWithLink(browser, await invite(owner.page, slug, billingEmail, "billing"), "Bill Viewer", billingEmail),
      dev: await joinWithLink(browser, await invite(owner.page, slug, devEmail, "developer"), "Dev Eloper", devEmail),
    };
  });

  const operator = await operatorSession(browser);
  await operator.context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await test.step("the operator sets the team's limits, a model's price and creates a service token", async () => {
    const page = operator.page;
    await openOperatorTeam(page, teamName);
    await page.getByLabel("Requests per minute").fill("600");
    await page.getByLabel("Monthly spend cap").fill("50");
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect(toast(page, `Limits of ${teamName} saved.`)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Requests per minute")).toHaveValue("600");

    await page.goto("/operator/models");
    const row = page.locator(`[data-testid="model-row"][data-model="${HAIKU}"]`);
    await row.getByRole("button", { name: "Actions for Claude Haiku 4.5" }).click();
    await page.getByRole("menuitem", { name: "Change prices…" }).click();
    const dialog = page.getByRole("dialog", { name: "Change prices of Claude Haiku 4.5" });
    await dialog.getByLabel("Input", { exact: true }).fill("2.00");
    await dialog.getByRole("button", { name: "Apply from now" }).click();
    // A retry of this spec on the same database finds the price already changed.
    await expect(toast(page, /New prices for Claude Haiku 4\.5 apply from now on\.|These are already the current prices\./)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("cell").nth(2)).toHaveText("$2.00");

    serviceToken = await createServiceTokenInUi(page, `Front door ${suffix}`);
    expect(serviceToken).toMatch(/^gks_/);
  });

  await test.step("the owner creates a key limited to one model, 5 requests a minute, $1.00 a month and one network", async () => {
    const page = owner.page;
    await page.goto(`/${slug}/keys`);
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(KEY_NAME);
    await dialog.getByRole("radio", { name: /Production/ }).check();
    await dialog.getByRole("button", { name: /^Limits/ }).click();
    await dialog.getByRole("radio", { name: /Only these models/ }).check();
    await dialog.getByRole("checkbox", { name: /Claude Haiku 4\.5/ }).check();
    await expect(dialog.getByText("The team allows up to 600.", { exact: false })).toBeVisible();
    await dialog.getByLabel("Requests per minute").fill("5");
    await dialog.getByLabel("Monthly budget (USD)").fill("1.00");
    await dialog.getByLabel("IP allowlist").fill("203.0.113.0/24");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const shown = dialog.getByTestId("new-key-secret");
    await expect(shown).toHaveText(/^gk_live_/);
    await dialog.getByRole("button", { name: "Copy key" }).click();
    secret = await page.evaluate(() => navigator.clipboard.readText());
    await expect(shown).toHaveText(secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    keyId = apiKeyByName(teamId, KEY_NAME)!.id;

    await page.getByRole("link", { name: KEY_NAME }).click();
    const policy = page.getByRole("region", { name: "Policy" });
    await expect(policy).toContainText("Claude Haiku 4.5");
    await expect(policy).toContainText("5 requests / min");
    await expect(policy).toContainText("$1.00 / month");
    await expect(policy).toContainText("203.0.113.0/24");
    await expect(policy).toContainText("The team's limits also apply: 600 requests / min · $50.00 / month spend limit.");
    await expect(policy.getByRole("button", { name: "Edit policy" })).toBeVisible();
  });

  const api = owner.page.request;
  const backend = () => providerBackend(api, serviceToken, secret);
  const verify = (body: Record<string, unknown>) => backend().verify(body);
  const report = (events: Array<Record<string, unknown>>) => backend().report(events);

  await test.step("the verify API refuses another model, a sixth request within the minute and another address", async () => {
    const anonymous = await api.post("/api/v1/keys/verify", { data: { key: secret, model: HAIKU, ip: ALLOWED_IP } });
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error.code).toBe("MISSING_SERVICE_TOKEN");
    const withKey = await api.post("/api/v1/keys/verify", { headers: { authorization: `Bearer ${secret}` }, data: { key: secret } });
    expect(withKey.status()).toBe(401);

    expect(await verify({ model: "claude-sonnet-5", ip: ALLOWED_IP })).toMatchObject({ valid: false, code: "MODEL_NOT_ALLOWED" });
    expect(await verify({ model: HAIKU })).toMatchObject({ valid: false, code: "IP_NOT_ALLOWED" });

    const first = await verify({ model: HAIKU, ip: ALLOWED_IP });
    expect(first).toMatchObject({
      valid: true,
      code: "VALID",
      keyId,
      limits: {
        requests: { limit: 5, remaining: 4 },
        budget: { scope: "key", limitMicros: 1_000_000, spentMicros: 0, remainingMicros: 1_000_000, resetAt: nextMonthUtc() },
      },
    });
    for (let i = 2; i <= 5; i++) expect(await verify({ model: HAIKU, ip: ALLOWED_IP }), `request ${i}`).toMatchObject({ valid: true, code: "VALID" });
    const sixth = await verify({ model: HAIKU, ip: ALLOWED_IP });
    expect(sixth).toMatchObject({ valid: false, code: "RATE_LIMITED", limit: "requests", scope: "key" });
    expect(sixth.retryAfter).toBeGreaterThan(0);
    expect(sixth.message).toContain("5 requests per minute");

    const elsewhere = await verify({ model: HAIKU, ip: "198.51.100.23" });
    expect(elsewhere).toMatchObject({ valid: false, code: "IP_NOT_ALLOWED" });
  });

  const keyAlert = (percent: number) => (m: ReceivedMail) =>
    m.text.includes(`The key "${KEY_NAME}" of the team "${teamName}" has used ${percent} % of its monthly budget`);

  await test.step("reported usage is priced at the new price; alerts at 80 % and 100 %, then BUDGET_EXCEEDED", async () => {
    // 400,000 input tokens at $2.00 per million (the operator's new price, not the seeded $1.00).
    expect(await report([{ status: 200, latencyMs: 850, model: HAIKU, inputTokens: 400_000 }])).toEqual({ accepted: 1, costMicros: 800_000 });
    const at80 = await smtp.waitForMail(keyAlert(80), "about 80 % of the key's budget");
    expect(at80.to).toEqual(expect.arrayContaining([owner.email.toLowerCase(), billingEmail.toLowerCase()]));
    expect(at80.text).toContain("$0.80 of $1.00");
    expect((await verify({ model: HAIKU, ip: ALLOWED_IP })).limits.budget).toMatchObject({ spentMicros: 800_000, remainingMicros: 200_000 });

    expect(await report([{ status: 200, latencyMs: 640, model: HAIKU, inputTokens: 100_000 }])).toEqual({ accepted: 1, costMicros: 200_000 });
    const exceeded = await verify({ model: HAIKU, ip: ALLOWED_IP });
    expect(exceeded).toMatchObject({ valid: false, code: "BUDGET_EXCEEDED", scope: "key", resetAt: nextMonthUtc() });
    const at100 = await smtp.waitForMail(keyAlert(100), "about 100 % of the key's budget");
    expect(at100.text).toContain("$1.00 of $1.00");
    expect(at100.text).toContain("BUDGET_EXCEEDED for this key");
    expect(smtp.messages.filter(keyAlert(80))).toHaveLength(1);
  });

  await test.step("the dashboard shows the spend and the budget used up", async () => {
    await expectBudgetSpentShown(owner.page, slug, KEY_NAME);
  });

  await test.step("a billing viewer sees the policy and the spend, with no controls", async () => {
    const page = billing.page;
    await expectBudgetSpentShown(page, slug, KEY_NAME);
    await expect(page.getByRole("button", { name: /Edit|Save|Create|Revoke|Rotate/ })).toHaveCount(0);

    await page.goto(`/${slug}/keys`);
    await expect(page.getByRole("row").filter({ hasText: KEY_NAME })).toBeVisible();
    await expect(page.getByRole("button", { name: /Create/ })).toHaveCount(0);

    await page.goto(`/${slug}/keys/${keyId}`);
    const policy = page.getByRole("region", { name: "Policy" });
    await expect(policy).toContainText("Billing viewers can see policies but not change them.");
    await expect(policy).toContainText("Claude Haiku 4.5");
    await expect(policy).toContainText("5 requests / min");
    await expect(policy).toContainText("$1.00 / month");
    await expect(policy).toContainText("203.0.113.0/24");
    await expect(page.getByRole("button", { name: /Edit|Save|Create|Revoke|Rotate/ })).toHaveCount(0);

    // What billing viewers live in fits a phone: nothing scrolls sideways at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [`/${slug}/usage`, `/${slug}/keys/${keyId}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Spend", exact: true })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }

    await page.goto(`/${slug}/settings`);
    await expect(page.getByText("Only owners and admins can change the budget and who gets alerts.", { exact: false })).toBeVisible();
    await expect(page.getByRole("button", { name: /Save/ })).toHaveCount(0);
    const provider = page.locator("dl", { has: page.getByText("Monthly spend limit", { exact: true }) });
    await expect(provider).toContainText("600");
    await expect(provider).toContainText("$50.00");
  });

  await test.step("a developer cannot raise a limit above the team's, in the form or by calling the server", async () => {
    const page = dev.page;
    await dev.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`/${slug}/keys`);
    await page.getByRole("button", { name: "Create key" }).first().click();
    const create = page.getByRole("dialog");
    await create.getByLabel("Name").fill("Dev sandbox");
    await create.getByRole("button", { name: "Create key" }).click();
    await expect(create.getByTestId("new-key-secret")).toBeVisible();
    await create.getByRole("button", { name: "Copy key" }).click();
    await create.getByRole("button", { name: "Done" }).click();
    await expect(create).toBeHidden();
    const devKeyId = apiKeyByName(teamId, "Dev sandbox")!.id;

    await page.getByRole("link", { name: "Dev sandbox" }).click();
    await page.getByRole("button", { name: "Edit policy" }).click();
    const edit = page.getByRole("dialog", { name: "Edit policy" });
    await edit.getByLabel("Requests per minute").fill("601");
    await edit.getByLabel("Monthly budget (USD)").fill("60");
    await edit.getByRole("button", { name: "Save policy" }).click();
    await expect(edit.getByText("At most 600, this team's limit.")).toBeVisible();
    await expect(edit.getByText("At most $50.00, this team's monthly spend limit.")).toBeVisible();
    await expect(edit.getByLabel("Requests per minute")).toHaveValue("601");
    await edit.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("region", { name: "Policy" })).toContainText("No limit of its own");

    // Past the form: the server answers the same, and nothing is stored.
    const direct = await callServerAction(page.request, {
      pagePath: `/${slug}/keys/${devKeyId}`,
      filename: "lib/actions/policy/set-key-policy.ts",
      exportedName: "setKeyPolicy",
      args: [{ teamId, keyId: devKeyId, policy: { allowedModels: "all", rpmLimit: 100_000 } }],
    });
    expect(direct.body).toContain("At most 600, this team's limit.");
    expect(keyPolicyOf(devKeyId).rpmLimit).toBeNull();

    // Nor may a developer touch the owner's key at all.
    const others = await callServerAction(page.request, {
      pagePath: `/${slug}/keys/${keyId}`,
      filename: "lib/actions/policy/set-key-policy.ts",
      exportedName: "setKeyPolicy",
      args: [{ teamId, keyId, policy: { allowedModels: "all", rpmLimit: 500, budget: "40" } }],
    });
    expect(others.body).toContain('"code":"FORBIDDEN"');
    expect(keyPolicyOf(keyId)).toEqual({ allowedModels: [HAIKU], rpmLimit: 5, tpmLimit: null, budgetMicros: 1_000_000, ipAllowlist: ["203.0.113.0/24"] });
  });

  await test.step("the operator audit log has the team's limits, before and after", async () => {
    const page = operator.page;
    await page.goto("/operator/audit");
    const entry = page.locator('[data-testid="operator-audit-row"][data-action="team.limits_changed"]').filter({ hasText: teamName });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(OPERATOR_EMAIL);
    const details = entry.locator("xpath=following-sibling::tr[1]");
    await details.getByText("2 fields changed").click();
    await expect(details.getByRole("row", { name: /rpmLimit/ })).toHaveText(/rpmLimit\s*—\s*600/);
    await expect(details.getByRole("row", { name: /spendCapUsd/ })).toHaveText(/spendCapUsd\s*—\s*50(\.00)?/);
  });

  await test.step("a revoked service token is refused at once", async () => {
    const page = operator.page;
    await page.goto("/operator/service-tokens");
    await page.getByRole("button", { name: `Revoke Front door ${suffix}` }).click();
    await page.getByRole("button", { name: "Revoke token" }).click();
    await expect(toast(page, `Revoked Front door ${suffix}.`)).toBeVisible();
    const res = await api.post("/api/v1/keys/verify", { headers: { authorization: `Bearer ${serviceToken}` }, data: { key: secret } });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("SERVICE_TOKEN_REVOKED");
  });

  for (const c of [billing.context, dev.context, operator.context, owner.context]) await c.close();
});
