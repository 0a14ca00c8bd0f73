import AxeBuilder from "@axe-core/playwright";
import Anthropic from "@anthropic-ai/sdk";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { fakeInputTokens } from "../../lib/gateway/testing/fake-upstream";
import { formatUsd } from "../../lib/money";
import { costMicros } from "../../lib/pricing/cost";
import { formatNumber } from "../../lib/usage/chart-format";
import { E2E_SMTP_PORT, E2E_UPSTREAM_TOKENS_PER_DELTA } from "../../playwright.config";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { apiKeyByName, teamBySlug } from "../support/db";
import { currentPrice, GATEWAY_BASE_URL, gatewayClient, waitForGatewayEvents } from "../support/gateway";
import { startSmtpServer } from "../support/smtp";
import { invite } from "../support/team";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpServer(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
});

const SONNET = "claude-sonnet-5";
const OPUS = "claude-opus-5";
const KEY_NAME = "Partner app";
// The fake upstream (playwright.config.ts) answers with 3 deltas, each E2E_UPSTREAM_TOKENS_PER_DELTA output
// tokens, and 2,000 cache-write and 30,000 cache-read tokens; max_tokens is above what it sends.
const OUTPUT_TOKENS = 3 * E2E_UPSTREAM_TOKENS_PER_DELTA;
const CACHE_WRITE_TOKENS = 2_000;
const CACHE_READ_TOKENS = 30_000;

/** The "Call the gateway" card of a key's page (or of the keys list). */
function gatewayCard(page: Page): Locator {
  return page.getByRole("region", { name: "Call the gateway" });
}

async function expectNoSeriousViolations(page: Page, what: string) {
  // Toasts fade in and out: their contrast mid-animation is not the page's.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(serious, `${what} has accessibility violations`).toEqual([]);
}

/** A stat card of the key page's totals, by its label. */
function statCard(page: Page, label: string): Locator {
  return page.getByRole("region", { name: "Totals" }).locator("div", { has: page.getByText(label, { exact: true }) }).last();
}

test("a developer's key limited to one model: the SDK streams through the gateway, the key's page shows the request, tokens and cost; another model is refused", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  let slug = "";
  let teamId = "";
  let secret = "";
  let keyId = "";

  const owner = await newUser(browser, "owner");
  const devEmail = uniqueEmail("dev");
  const billingEmail = uniqueEmail("billing");
  const { dev, billing } = await test.step("an owner's team, with a developer and a billing viewer", async () => {
    slug = await createTeam(owner.page, `Gateway ${suffix}`);
    teamId = teamBySlug(slug).id;
    return {
      dev: await joinWithLink(browser, await invite(owner.page, slug, devEmail, "developer"), "Dev Eloper", devEmail),
      billing: await joinWithLink(browser, await invite(owner.page, slug, billingEmail, "billing"), "Bill Viewer", billingEmail),
    };
  });
  await dev.context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await test.step("the keys list says where the gateway is", async () => {
    const page = dev.page;
    await page.goto(`/${slug}/keys`);
    const help = gatewayCard(page);
    await expect(help).toContainText(GATEWAY_BASE_URL);
    await expect(help.getByRole("button", { name: "Call the gateway" })).toHaveAttribute("aria-expanded", "false");
  });

  await test.step("the developer creates a key limited to Claude Sonnet 5; the dialog's snippets carry the secret only in their first line", async () => {
    const page = dev.page;
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(KEY_NAME);
    await dialog.getByRole("button", { name: /^Limits/ }).click();
    await dialog.getByRole("radio", { name: /Only these models/ }).check();
    await dialog.getByRole("checkbox", { name: /Claude Sonnet 5/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const shown = dialog.getByTestId("new-key-secret");
    await expect(shown).toHaveText(/^gk_test_[0-9A-Za-z]{46}$/);
    secret = (await shown.textContent())!;

    await expect(dialog.getByTestId("gateway-base-url")).toHaveText(GATEWAY_BASE_URL);
    const panel = dialog.getByRole("tabpanel");
    await expect(dialog.getByRole("tab", { name: "TypeScript" })).toHaveAttribute("aria-selected", "true");
    await expect(panel.locator("pre").first()).toHaveText(`export GATEHOUSE_API_KEY=${secret}\nnpm install @anthropic-ai/sdk`);
    const code = panel.locator("pre").nth(1);
    await expect(code).toContainText(`baseURL: "${GATEWAY_BASE_URL}"`);
    await expect(code).toContainText("apiKey: process.env.GATEHOUSE_API_KEY");
    await expect(code).toContainText(`model: "${SONNET}"`);
    await expect(code).not.toContainText(secret);

    // Keyboard: End reaches the last tab and shows it.
    await dialog.getByRole("tab", { name: "TypeScript" }).focus();
    await page.keyboard.press("End");
    await expect(dialog.getByRole("tab", { name: "Claude Code" })).toBeFocused();
    await expect(dialog.getByRole("tab", { name: "Claude Code" })).toHaveAttribute("aria-selected", "true");
    await expect(panel.locator("pre")).toHaveText(
      [
        `export ANTHROPIC_API_KEY=${secret}`,
        `export ANTHROPIC_BASE_URL=${GATEWAY_BASE_URL}`,
        `export ANTHROPIC_MODEL=${SONNET}`,
        `export ANTHROPIC_DEFAULT_HAIKU_MODEL=${SONNET}`,
        "claude",
      ].join("\n"),
    );
    await expectNoSeriousViolations(page, "the new key's dialog");
    // Copying the commands is copying the secret: the dialog closes without asking.
    await panel.getByRole("button", { name: "Copy Claude Code commands" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`export ANTHROPIC_API_KEY=${secret}\n`);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    keyId = apiKeyByName(teamId, KEY_NAME)!.id;
  });

  await test.step("before any traffic, the key's page shows the card open, with the base URL and the key's model", async () => {
    const page = dev.page;
    await page.getByRole("link", { name: KEY_NAME }).click();
    await expect(page.getByRole("heading", { name: KEY_NAME })).toBeVisible();
    const card = gatewayCard(page);
    await expect(card.getByRole("button", { name: "Call the gateway" })).toHaveAttribute("aria-expanded", "true");
    await expect(card.getByTestId("gateway-base-url")).toHaveText(GATEWAY_BASE_URL);
    await expect(card.getByRole("tabpanel").locator("pre").nth(1)).toContainText(`model: "${SONNET}"`);
    await expect(card).not.toContainText(secret);
    await expectNoSeriousViolations(page, "a new key's page");
  });

  const messages: Anthropic.MessageParam[] = [{ role: "user", content: `Say hello to ${KEY_NAME} through Gatehouse, please.` }];
  const inputTokens = fakeInputTokens({ messages });
  const price = currentPrice(SONNET);
  const expectedCost = costMicros({ inputTokens, outputTokens: OUTPUT_TOKENS, cacheWriteTokens: CACHE_WRITE_TOKENS, cacheReadTokens: CACHE_READ_TOKENS }, price);

  await test.step("the official SDK streams a message through the gateway with the key", async () => {
    const client = gatewayClient(secret);
    const stream = client.messages.stream({ model: SONNET, max_tokens: 4096, messages });
    const texts: string[] = [];
    stream.on("text", (t) => texts.push(t));
    const final = await stream.finalMessage();
    expect(final.model).toBe(SONNET);
    expect(final.content).toEqual([expect.objectContaining({ type: "text", text: "word1 word2 word3 " })]);
    expect(texts.join("")).toBe("word1 word2 word3 ");
    expect(final.usage).toMatchObject({
      input_tokens: inputTokens,
      output_tokens: OUTPUT_TOKENS,
      cache_creation_input_tokens: CACHE_WRITE_TOKENS,
      cache_read_input_tokens: CACHE_READ_TOKENS,
    });
    // A request id on every answer (the upstream's, passed through).
    expect(stream.request_id).toMatch(/^req_/);

    const [event] = await waitForGatewayEvents(keyId, 1);
    expect(event).toEqual({
      status: 200,
      model: SONNET,
      inputTokens,
      outputTokens: OUTPUT_TOKENS,
      cacheWriteTokens: CACHE_WRITE_TOKENS,
      cacheReadTokens: CACHE_READ_TOKENS,
      costMicros: expectedCost,
      fallbackPriced: 0,
    });
  });

  await test.step("the key's page shows the request, its tokens and its cost", async () => {
    const page = dev.page;
    await page.goto(`/${slug}/keys/${keyId}?range=24h`);
    await expect(statCard(page, "Requests")).toContainText("1", { timeout: 15_000 });
    for (const [label, n] of [
      ["Input tokens", inputTokens],
      ["Output tokens", OUTPUT_TOKENS],
      ["Cache write tokens", CACHE_WRITE_TOKENS],
      ["Cache read tokens", CACHE_READ_TOKENS],
    ] as const) {
      await expect(statCard(page, label).locator("[title]"), label).toHaveAttribute("title", formatNumber(n));
    }
    await expect(page.locator('[aria-label="Spend in range"]')).toContainText(formatUsd(expectedCost));
    const row = page.getByRole("row").filter({ hasText: "Claude Sonnet 5" });
    await expect(row).toContainText(formatUsd(expectedCost));
    await expect(row.getByTitle(`${formatNumber(inputTokens)} in / ${formatNumber(OUTPUT_TOKENS)} out`)).toBeVisible();
    await expect(row.getByTitle(`${formatNumber(CACHE_WRITE_TOKENS)} written / ${formatNumber(CACHE_READ_TOKENS)} read`)).toBeVisible();

    // With traffic, the card folds away but still names the base URL.
    const card = gatewayCard(page);
    const toggle = card.getByRole("button", { name: "Call the gateway" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(card).toContainText(GATEWAY_BASE_URL);
    await toggle.click();
    await expect(card.getByTestId("gateway-base-url")).toHaveText(GATEWAY_BASE_URL);
  });

  await test.step("another model is refused with the SDK's PermissionDeniedError, and nothing is billed for it", async () => {
    const client = gatewayClient(secret);
    const refused = await client.messages.create({ model: OPUS, max_tokens: 64, messages }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const error = refused as InstanceType<typeof Anthropic.PermissionDeniedError>;
    expect(error.status).toBe(403);
    expect(error.error).toMatchObject({ type: "error", error: { type: "permission_error", message: expect.stringContaining(OPUS) } });
    expect(error.requestID).toBeTruthy();

    // A request still allowed is counted after the refused one; the refused one is not a gateway request.
    await client.messages.create({ model: SONNET, max_tokens: 4096, messages });
    const events = await waitForGatewayEvents(keyId, 2);
    expect(events.map((e) => e.model)).toEqual([SONNET, SONNET]);
    expect(events.reduce((n, e) => n + e.costMicros, 0)).toBe(2 * expectedCost);
  });

  await test.step("a billing viewer sees the same card, read-only", async () => {
    const page = billing.page;
    await page.goto(`/${slug}/keys/${keyId}`);
    const card = gatewayCard(page);
    await expect(card).toContainText(GATEWAY_BASE_URL);
    await card.getByRole("button", { name: "Call the gateway" }).click();
    await expect(card.getByTestId("gateway-base-url")).toHaveText(GATEWAY_BASE_URL);
    await expect(page.getByRole("button", { name: /Edit|Revoke|Rotate/ })).toHaveCount(0);
    // A phone: the code scrolls inside its block, never the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await gatewayCard(page).getByRole("button", { name: "Call the gateway" }).click();
    await expect(gatewayCard(page).getByTestId("gateway-base-url")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  for (const c of [billing.context, dev.context, owner.context]) await c.close();
});
