import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { AdminKeyRole } from "../../lib/actor";
import { openTestDb } from "./db";
import { closeSecret, readShownSecret } from "./one-time-secret";

const ROLE_NAME: Record<AdminKeyRole, RegExp> = { admin: /^Admin\b/, "read-only": /^Read-only\b/ };

/** Creates an admin key on the team's admin keys page and returns its secret, read from the dialog that shows it once. */
export async function createAdminKeyInConsole(page: Page, slug: string, name: string, role: AdminKeyRole): Promise<string> {
  await page.goto(`/${slug}/admin-keys`);
  await page.getByRole("button", { name: /^Create (your first )?admin key$/ }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: ROLE_NAME[role] }).check();
  await dialog.getByRole("button", { name: "Create admin key" }).click();
  const secret = await readShownSecret(page, /^gk_admin_/);
  await closeSecret(page);
  await expect(page.getByTestId("admin-key-row").filter({ hasText: name })).toBeVisible();
  return secret;
}

/** The headers every Admin API call carries. */
export const adminHeaders = (key: string) => ({ "x-api-key": key, "anthropic-version": "2023-06-01" });

/** A JSON call to the Admin API with an admin key; the answer's status and parsed body. */
export async function adminApi<T = Record<string, unknown>>(
  request: APIRequestContext,
  key: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await request.fetch(path, { method, headers: adminHeaders(key), ...(body === undefined ? {} : { data: body }) });
  return { status: response.status(), body: (await response.json()) as T };
}

export function adminKeyByName(teamId: string, name: string) {
  const db = openTestDb();
  try {
    return db.prepare("SELECT id, name, role, revokedAt FROM AdminKey WHERE teamId = ? AND name = ?").get(teamId, name) as
      | { id: string; name: string; role: AdminKeyRole; revokedAt: string | null }
      | undefined;
  } finally {
    db.close();
  }
}
