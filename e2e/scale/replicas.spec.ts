/**
 * Two Gatehouse processes (replicas A and B, as behind a load balancer) on one
 * PostgreSQL and one Redis, both started here on loopback: a session made on
 * A works on B (and the sign-up was counted in Redis); a key revoked through the console on A is refused by B's
 * verify API within 1 second (the correctness bound of issue 8); a key's
 * limit of N requests per minute (GCRA, counted in Redis) admits exactly N
 * across both.
 *
 * Needs a Next build in E2E_DIST_DIR (default .next-e2e, as playwright.config.ts)
 * and Debian's postgresql and redis-server packages, which scripts/test.sh installs.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import Redis from "ioredis";
import pg from "pg";
import { generateServiceToken, hashServiceToken } from "../../lib/operator/service-token-format";
import { createDatabase, startPostgres, type TestPostgres } from "../../scripts/lib/postgres";
import { freePort, startLogged, stopProcess, waitForHttp } from "../../scripts/lib/processes";
import { startRedis, type TestRedis } from "../../scripts/lib/redis";
import { createTeam, signUp, uniqueEmail } from "../support/accounts";

/** The key's requests-per-minute limit in the last step. */
const N = 20;
// Playwright runs from the repository root (where playwright.config.ts lives).
const root = process.cwd();

type Replica = { name: string; base: string; server: ReturnType<typeof startLogged> };
let postgres: TestPostgres | undefined;
let redis: TestRedis | undefined;
let dataDir: string;
let databaseUrl: string;
/** `Authorization` with a service token made in the shared database. */
let serviceAuth: { authorization: string };
const replicas: Replica[] = [];
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-replicas-"));
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  databaseUrl = await createDatabase(postgres.url, "gatehouse");
  // What every replica of one deployment shares: database, Redis and the session secret.
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
    NEXT_TELEMETRY_DISABLED: "1",
    GATEHOUSE_DATA_DIR: dataDir,
    // Not about email (and no SMTP here): sign-up signs in at once, as on a closed install.
    REQUIRE_EMAIL_VERIFICATION: "false",
  };
  for (const name of ["A", "B"]) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Started together: both apply migrations at once, as replicas of a rolling deploy do.
    const server = startLogged(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/start.ts")], {
      ...shared,
      PORT: String(port),
      NEXTAUTH_URL: base,
    });
    replicas.push({ name, base, server });
  }
  try {
    await Promise.all(replicas.map((r) => waitForHttp(`${r.base}/api/v1/keys/verify`, 150_000, r.server.child)));
    const secret = generateServiceToken();
    await sql(`INSERT INTO "ServiceToken" (id, name, prefix, last4, hash) VALUES ($1, 'Replicas e2e', $2, $3, $4)`, [
      "c" + crypto.randomBytes(12).toString("hex"), secret.slice(0, 8), secret.slice(-4), hashServiceToken(secret),
    ]);
    serviceAuth = { authorization: `Bearer ${secret}` };
  } catch (error) {
    for (const r of replicas) console.error(`--- replica ${r.name}\n${r.server.log()}`);
    throw error;
  }
});

test.afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await Promise.all(replicas.map((r) => stopProcess(r.server.child)));
  await Promise.all([postgres?.stop(), redis?.stop()]);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus) for (const r of replicas) console.error(`--- replica ${r.name}\n${r.server.log()}`);
});

async function sql(text: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function verify(base: string, secret: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/keys/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...serviceAuth },
    body: JSON.stringify({ key: secret }),
  });
  return `${res.status} ${(await res.json()).code}`;
}

/** Creates a production key through the console's dialog and returns the secret it shows once. */
async function createKeyInConsole(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/${slug}/keys`);
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: /Production/ }).check();
  await dialog.getByLabel("Expires").selectOption({ label: "Never" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = (await dialog.getByTestId("new-key-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^gk_live_/);
  // Copied, as a user would: closing an uncopied secret asks first.
  await dialog.getByRole("button", { name: "Copy key" }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

/** Verifies `secret` on `base` back to back, recording when each answer arrived, until stopped. */
function keepVerifying(base: string, secret: string) {
  const answers: { at: number; code: string }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const code = await verify(base, secret);
      answers.push({ at: Date.now(), code });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    answers,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

test("two replicas share sessions, revocations and the verify rate limit", async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = replicas;
  const contextA = await browser.newContext({ baseURL: a.base, permissions: ["clipboard-read", "clipboard-write"] });
  contexts.push(contextA);
  const pageA = await contextA.newPage();

  let slug = "";
  await test.step("a session made on A works on B", async () => {
    await signUp(pageA, "Replica Tester", uniqueEmail("replicas"));
    slug = await createTeam(pageA, `Replicas ${Date.now().toString(36)}`);
    // The console's sign-up throttle (inside Next.js) counted in Redis, not in A's database or memory.
    const client = new Redis(redis!.url);
    try {
      const counters = await client.keys("gatehouse:limit:*:sign-up:hour:*");
      expect(counters).toHaveLength(1);
      expect(await client.get(counters[0])).toBe("1");
    } finally {
      client.disconnect();
    }

    // A browser that has only ever talked to B, holding the cookies A set.
    const contextB = await browser.newContext({ baseURL: b.base });
    contexts.push(contextB);
    await contextB.addCookies(await contextA.cookies());
    const pageB = await contextB.newPage();
    await pageB.goto(`/${slug}/keys`);
    await expect(pageB).toHaveURL(`${b.base}/${slug}/keys`);
    await expect(pageB.getByRole("button", { name: "Create key" }).first()).toBeVisible();

    // The control: without those cookies B sends the same request to sign-in.
    const stranger = await browser.newContext({ baseURL: b.base });
    contexts.push(stranger);
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`/${slug}/keys`);
    await expect(strangerPage).toHaveURL(/\/sign-in/);
  });

  await test.step("a key revoked through the console on A is refused by B's verify API within 1 s", async () => {
    const secret = await createKeyInConsole(pageA, slug, "Revoked on A");
    expect(await verify(b.base, secret)).toBe("200 VALID");

    // B keeps verifying the key throughout, so its per-process key cache holds the key when it is revoked.
    const onB = keepVerifying(b.base, secret);
    let revokedAt = 0;
    try {
      await pageA.getByRole("button", { name: "Actions for Revoked on A" }).click();
      await pageA.getByRole("menuitem", { name: /Revoke/ }).click();
      // The revoke is a server action: it has completed once its response starts to arrive.
      const action = pageA.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
      await pageA.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
      await action;
      revokedAt = Date.now();
      // On the replica that made the change, the very next request.
      expect(await verify(a.base, secret)).toBe("200 REVOKED");
      await expect(pageA.getByRole("row").filter({ hasText: "Revoked on A" })).toContainText(/revoked/i);
      await expect.poll(() => onB.answers.some((x) => x.code === "200 REVOKED"), { timeout: 5000 }).toBe(true);
    } finally {
      await onB.stop();
    }

    const first = onB.answers.findIndex((x) => x.code === "200 REVOKED");
    const before = onB.answers.slice(0, first).map((x) => x.code);
    const after = onB.answers.slice(first).map((x) => x.code);
    expect(before.length).toBeGreaterThan(0);
    // Before: the key works on B (RATE_LIMITED also means "found, live": the N-per-minute limit applies to it too).
    expect(before.filter((c) => c !== "200 VALID" && c !== "200 RATE_LIMITED")).toEqual([]);
    expect(after.filter((c) => c !== "200 REVOKED")).toEqual([]);
    const delayMs = onB.answers[first].at - revokedAt;
    test.info().annotations.push({ type: "revocation seen on B after (ms)", description: String(delayMs) });
    expect(delayMs).toBeLessThanOrEqual(1000);
  });

  await test.step(`a key's limit of ${N} requests per minute admits ${N} in total across A and B`, async () => {
    const secret = await createKeyInConsole(pageA, slug, "Rate limited");
    await sql(`UPDATE "ApiKey" SET "rpmLimit" = $1 WHERE name = 'Rate limited'`, [N]);
    // Both replicas have cached the key without its limit for at most 500 ms.
    await new Promise((r) => setTimeout(r, 700));
    // GCRA refills one request every 60/N s: the burst of 3N, at once, finishes well inside one interval.
    const burst = await Promise.all(
      Array.from({ length: 3 * N }, async (_, i) => {
        const replica = i % 2 ? b : a;
        return { replica: replica.name, code: await verify(replica.base, secret) };
      }),
    );
    const valid = burst.filter((x) => x.code === "200 VALID");
    // Counted per replica, each would admit N (2N in all); counted in Redis, N in all (one may refill meanwhile).
    expect(valid.length).toBeGreaterThanOrEqual(N);
    expect(valid.length).toBeLessThanOrEqual(N + 1);
    expect(burst.filter((x) => x.code === "200 RATE_LIMITED")).toHaveLength(burst.length - valid.length);
    test.info().annotations.push({
      type: "admitted per replica",
      description: `A ${valid.filter((x) => x.replica === "A").length}, B ${valid.filter((x) => x.replica === "B").length}`,
    });
  });
});
