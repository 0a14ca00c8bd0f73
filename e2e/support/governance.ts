import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** The first instant of next month, UTC: when a monthly budget resets. */
export function nextMonthUtc(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

/** The provider's backend: /api/v1 calls for one key with a service token. */
export function providerBackend(request: APIRequestContext, serviceToken: string, key: string) {
  const headers = { authorization: `Bearer ${serviceToken}` };
  return {
    /** POST /api/v1/keys/verify; every well-formed request is a 200. */
    async verify(body: Record<string, unknown>) {
      const res = await request.post("/api/v1/keys/verify", { headers, data: { key, ...body } });
      expect(res.status()).toBe(200);
      return res.json();
    },
    /** POST /api/v1/usage; answers `{ accepted, costMicros }`. */
    async report(events: Array<Record<string, unknown>>) {
      const res = await request.post("/api/v1/usage", { headers, data: { key, events } });
      expect(res.status(), await res.text()).toBe(202);
      return res.json();
    },
  };
}

/**
 * The team dashboard, then the key's page, as any member sees them once
 * `keyName` has spent its $1.00 budget on Claude Haiku 4.5 under a $50.00 spend cap.
 */
export async function expectBudgetSpentShown(page: Page, slug: string, keyName: string) {
  await page.goto(`/${slug}/usage?range=24h`);
  await expect(page.getByRole("alert").filter({ hasText: `Key “${keyName}” is over budget` })).toBeVisible();
  const month = page.locator('[aria-label="Month to date"]');
  await expect(month).toContainText("$1.00", { timeout: 15_000 });
  await expect(month.getByRole("progressbar", { name: "Provider's spend limit" })).toHaveAttribute("aria-valuetext", /^\$1\.00 of \$50\.00/);
  const keyRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: keyName }) });
  await expect(keyRow.getByRole("progressbar", { name: `${keyName}: month-to-date spend of its budget` })).toHaveAttribute(
    "aria-valuetext",
    "$1.00 of $1.00 (100%), budget reached",
  );
  const modelRow = page.getByRole("row").filter({ hasText: "Claude Haiku 4.5" });
  await expect(modelRow).toContainText("$1.00");
  await expect(modelRow).toContainText("500k / 0");

  await keyRow.getByRole("link", { name: keyName }).click();
  await expect(page.getByRole("heading", { name: keyName })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Key budget" })).toHaveAttribute("aria-valuetext", "$1.00 of $1.00 (100%), budget reached");
  await expect(page.locator('[aria-label="Spend in range"]')).toContainText("$1.00");
}
