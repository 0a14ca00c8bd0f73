import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { closeSecret, readShownSecret } from "./one-time-secret";

export type ReceivedDelivery = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook receiver on loopback (port 0) that records every request and answers 200. */
export async function startReceiver() {
  const received: ReceivedDelivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/gatehouse`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export type VerifiedEvent = { type: string; timestamp: string; data: Record<string, unknown> & { team_id: string } };

/** The delivery's payload if its signature verifies with `secret` (the standardwebhooks package); throws otherwise. */
export function verifyDelivery(secret: string, r: ReceivedDelivery): VerifiedEvent {
  return new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  }) as VerifiedEvent;
}

/**
 * Adds an endpoint from the team's webhooks page (all events, enabled) and returns its signing
 * secret, read from the dialog that shows it once, and the path of the endpoint's page.
 */
export async function addWebhookEndpoint(page: Page, slug: string, url: string, description = "") {
  await page.goto(`/${slug}/webhooks`);
  const add = page.getByRole("button", { name: /^Add (your first )?endpoint$/ }).first();
  await add.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Endpoint URL").fill(url);
  if (description) await dialog.getByLabel("Description (optional)").fill(description);
  await expect(dialog.getByRole("checkbox", { name: /All events/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await readShownSecret(page, /^whsec_/);
  await closeSecret(page);
  await page.getByTestId("endpoint-row").filter({ hasText: url }).getByRole("link", { name: url }).click();
  await expect(page.getByRole("heading", { name: url })).toBeVisible();
  return { secret, endpointPath: new URL(page.url()).pathname };
}
