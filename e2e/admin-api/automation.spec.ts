/**
 * The end-to-end proof: an owner sets up an admin key and a webhook endpoint in the console,
 * then automation with nothing but the admin key creates and rotates an API key; the receiver gets
 * both events signed (verified with standardwebhooks) naming the admin key, and the console shows
 * the deliveries and the audit entries. Then every new page, in both themes, on a desktop and a phone.
 */
import Anthropic from "@anthropic-ai/sdk";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createTeam, newUser } from "../support/accounts";
import { adminApi, adminKeyByName, createAdminKeyInConsole } from "../support/admin-keys";
import { expectNoSeriousViolations } from "../support/axe";
import { openTestDb, teamBySlug } from "../support/db";
import { gatewayClient } from "../support/gateway";
import { addWebhookEndpoint, startReceiver, verifyDelivery, type ReceivedDelivery, type VerifiedEvent } from "../support/webhooks";

const SONNET = "claude-sonnet-5";
const ADMIN_KEY_NAME = "Terraform";

type ApiKeyObject = { id: string; type: string; name: string; status: string; secret?: string; created_by: { type: string; id: string } | null; rotated_to_id: string | null };
type ApiKeyPage = { data: ApiKeyObject[]; has_more: boolean };

function apiKeyCount(teamId: string): number {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM ApiKey WHERE teamId = ?").get(teamId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The verified event of each type the receiver got (every delivery must verify). */
function eventsByType(secret: string, received: ReceivedDelivery[]) {
  return received.map((r) => ({ headers: r.headers, event: verifyDelivery(secret, r) })).reduce<Record<string, { headers: ReceivedDelivery["headers"]; event: VerifiedEvent }[]>>(
    (acc, d) => ({ ...acc, [d.event.type]: [...(acc[d.event.type] ?? []), d] }),
    {},
  );
}

async function sayHello(apiKey: string) {
  const answer = await gatewayClient(apiKey).messages.create({ model: SONNET, max_tokens: 64, messages: [{ role: "user", content: "Hello from automation" }] });
  expect(answer.model).toBe(SONNET);
  expect(answer.content[0]).toMatchObject({ type: "text" });
}

/** Each page in light and dark, 1280 and 390 px wide: no sideways scroll on the phone, axe clean, a full-page screenshot kept. */
async function lookAtEveryPage(page: Page, testInfo: TestInfo, pages: { name: string; path: string; ready: (page: Page) => Promise<void> }[]) {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => localStorage.setItem("theme", t), theme);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      for (const { name, path, ready } of pages) {
        const what = `${name} (${theme}, ${width} px)`;
        await page.goto(path);
        await ready(page);
        await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
        // Soft: one run reports every page's findings, and still takes every screenshot.
        expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(width);
        await expectNoSeriousViolations(page, what, { soft: true });
        const file = testInfo.outputPath(`${name}-${theme}-${width}.png`);
        // The reference is one page of every operation, thousands of pixels long: what the screen shows first is what to look at.
        await page.screenshot({ path: file, fullPage: name !== "api-reference" });
        await testInfo.attach(what, { path: file, contentType: "image/png" });
      }
    }
  }
}

test("automation with an admin key creates and rotates a key; the signed events arrive and the console shows them", async ({ browser, request }, testInfo) => {
  test.setTimeout(300_000);
  const receiver = await startReceiver();
  const owner = await newUser(browser, "automation");
  const page = owner.page;
  const slug = await createTeam(page, `Automation ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);

  // The console: an admin key (role admin) and an endpoint for every event, each secret copied from the page.
  const adminKey = await createAdminKeyInConsole(page, slug, ADMIN_KEY_NAME, "admin");
  const adminKeyId = adminKeyByName(team.id, ADMIN_KEY_NAME)!.id;
  const { secret: signingSecret, endpointPath } = await addWebhookEndpoint(page, slug, receiver.url, "Automation receiver");

  // From here on, only the admin key.
  const created = await adminApi<ApiKeyObject>(request, adminKey, "POST", "/v1/organizations/api_keys", { name: "ci-deployer", environment: "production" });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({ type: "api_key", name: "ci-deployer", status: "active", created_by: { type: "admin_key", id: adminKeyId } });
  const firstSecret = created.body.secret!;
  expect(firstSecret).toMatch(/^gk_live_/);
  await sayHello(firstSecret);
  // Shown once: reading the key back never returns it.
  const readBack = await adminApi<ApiKeyObject>(request, adminKey, "GET", `/v1/organizations/api_keys/${created.body.id}`);
  expect(readBack.status).toBe(200);
  expect(JSON.stringify(readBack.body)).not.toContain(firstSecret);

  const rotated = await adminApi<ApiKeyObject>(request, adminKey, "POST", `/v1/organizations/api_keys/${created.body.id}/rotate`, { overlap_seconds: 0 });
  expect(rotated.status).toBe(200);
  expect(rotated.body).toMatchObject({ type: "api_key", name: "ci-deployer", status: "active", created_by: { type: "admin_key", id: adminKeyId } });
  const newSecret = rotated.body.secret!;
  expect(newSecret).toMatch(/^gk_live_/);
  expect(newSecret).not.toBe(firstSecret);
  await sayHello(newSecret);
  // No overlap asked for: the old secret stopped working with the rotation.
  const refused = await gatewayClient(firstSecret).models.list().then(() => null, (error: unknown) => error);
  expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
  const old = await adminApi<ApiKeyObject>(request, adminKey, "GET", `/v1/organizations/api_keys/${created.body.id}`);
  expect(old.body).toMatchObject({ status: "revoked", rotated_to_id: rotated.body.id });

  // The receiver: both events, each signed with the endpoint's secret and naming the admin key as the actor.
  await expect
    .poll(() => receiver.received.map((r) => JSON.parse(r.body).type as string).sort(), { message: "both events delivered", timeout: 30_000 })
    .toEqual(["api_key.created", "api_key.rotated"]);
  const byType = eventsByType(signingSecret, receiver.received);
  const actor = { type: "admin_key", id: adminKeyId, name: ADMIN_KEY_NAME };
  const [createdEvent] = byType["api_key.created"];
  expect(createdEvent.event.data).toMatchObject({ team_id: team.id, actor, target: { type: "key", id: created.body.id } });
  const [rotatedEvent] = byType["api_key.rotated"];
  expect(rotatedEvent.event.data).toMatchObject({ team_id: team.id, actor, target: { type: "key", id: created.body.id }, details: { newKeyId: rotated.body.id } });
  expect(createdEvent.headers["webhook-id"]).not.toBe(rotatedEvent.headers["webhook-id"]);
  // Nothing of either secret travels in an event.
  for (const r of receiver.received) for (const s of [firstSecret, newSecret, adminKey]) expect(r.body).not.toContain(s);

  // The endpoint's page: both deliveries succeeded with 200.
  await page.goto(endpointPath);
  const rows = page.getByTestId("delivery-row");
  await expect(rows).toHaveCount(2);
  for (const type of ["api_key.created", "api_key.rotated"]) {
    const row = rows.filter({ hasText: type });
    await expect(row).toContainText("Succeeded");
    await expect(row).toContainText("200");
  }

  // The audit log: both changes, by the admin key.
  await page.goto(`/${slug}/audit`);
  for (const action of ["key.created", "key.rotated"]) {
    const entry = page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(`admin key "${ADMIN_KEY_NAME}"`);
    await expect(entry).toContainText("ci-deployer");
  }

  await test.step("every new page, light and dark, 1280 and 390 px", () =>
    lookAtEveryPage(page, testInfo, [
      { name: "admin-keys", path: `/${slug}/admin-keys`, ready: (p) => expect(p.getByTestId("admin-key-row").or(p.getByTestId("admin-key-card")).filter({ visible: true }).first()).toBeVisible() },
      { name: "webhooks", path: `/${slug}/webhooks`, ready: (p) => expect(p.getByText(receiver.url).filter({ visible: true }).first()).toBeVisible() },
      { name: "endpoint", path: endpointPath, ready: (p) => expect(p.getByText("api_key.rotated").filter({ visible: true }).first()).toBeVisible() },
      { name: "api-reference", path: "/api-reference", ready: (p) => expect(p.getByTestId("api-reference").getByText("Get the organization").filter({ visible: true }).first()).toBeVisible({ timeout: 20_000 }) },
      { name: "audit-log", path: `/${slug}/audit`, ready: (p) => expect(p.getByText(`admin key "${ADMIN_KEY_NAME}"`).filter({ visible: true }).first()).toBeVisible() },
    ]),
  );

  await owner.context.close();
  await receiver.close();
});

test("a read-only admin key cannot create a key: 403 permission_error, and nothing is created", async ({ browser, request }) => {
  const owner = await newUser(browser, "readonly");
  const slug = await createTeam(owner.page, `Read only ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);
  const readOnly = await createAdminKeyInConsole(owner.page, slug, "Dashboards", "read-only");

  const before = await adminApi<ApiKeyPage>(request, readOnly, "GET", "/v1/organizations/api_keys?limit=1000");
  expect(before.status).toBe(200);
  const storedBefore = apiKeyCount(team.id);

  const refused = await adminApi(request, readOnly, "POST", "/v1/organizations/api_keys", { name: "sneaky", environment: "production" });
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({ type: "error", error: { type: "permission_error", message: expect.any(String) } });
  expect(JSON.stringify(refused.body)).not.toMatch(/gk_live_|stack|prisma/i);

  const after = await adminApi<ApiKeyPage>(request, readOnly, "GET", "/v1/organizations/api_keys?limit=1000");
  expect(after.body.data).toHaveLength(before.body.data.length);
  expect(after.body.data.map((k) => k.name)).not.toContain("sneaky");
  expect(apiKeyCount(team.id)).toBe(storedBefore);
  await owner.context.close();
});
