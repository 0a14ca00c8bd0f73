import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
/** The fake Anthropic API (scripts/fake-anthropic.ts) the gateway forwards to in e2e/gateway/. */
export const E2E_UPSTREAM_PORT = Number(process.env.E2E_UPSTREAM_PORT ?? 4100);
/** Test-only: the fake upstream refuses any other key, so a 200 proves the gateway sent its own. */
export const E2E_UPSTREAM_API_KEY = "sk-ant-e2e-upstream-test-only";
/** What each content delta of the fake upstream's answers stands for: big enough that costs read in cents. */
export const E2E_UPSTREAM_TOKENS_PER_DELTA = 400;
/** The test OpenID Connect provider (scripts/test-oidc-provider.ts) the console's single sign-on uses in e2e/account/sso.spec.ts. */
export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 4200);
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PORT}`;
export const E2E_OIDC_DISPLAY_NAME = "Test IdP";
const E2E_OIDC_CLIENT = { id: "gatehouse-e2e", secret: "gatehouse-e2e-oidc-secret-test-only" };
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "gatehouse-e2e");

export default defineConfig({
  testDir: "e2e",
  // One worker: the specs share one server and one SMTP port, and CI has 2 cores.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: "npx tsx scripts/fake-anthropic.ts",
      // Answers 401 without the upstream key: Playwright counts that as up.
      url: `http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1/models`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(E2E_UPSTREAM_PORT),
        FAKE_ANTHROPIC_API_KEY: E2E_UPSTREAM_API_KEY,
        FAKE_TOKENS_PER_DELTA: String(E2E_UPSTREAM_TOKENS_PER_DELTA),
        FAKE_CACHE_WRITE_TOKENS: "2000",
        FAKE_CACHE_READ_TOKENS: "30000",
      },
    },
    {
      command: "npx tsx scripts/test-oidc-provider.ts",
      url: `${E2E_OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(E2E_OIDC_PORT),
        OIDC_TEST_CLIENT_ID: E2E_OIDC_CLIENT.id,
        OIDC_TEST_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
        OIDC_TEST_REDIRECT_URI: `http://localhost:${E2E_PORT}/api/auth/callback/oidc`,
      },
    },
    {
      command: "npx tsx scripts/start.ts",
      url: `http://localhost:${E2E_PORT}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(E2E_PORT),
        DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
        NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
        NEXTAUTH_URL: `http://localhost:${E2E_PORT}`,
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: String(E2E_SMTP_PORT),
        EMAIL_FROM: "Gatehouse <no-reply@gatehouse.test>",
        // Every spec signs up and signs in from 127.0.0.1, and the database may outlive a run:
        // the per-address abuse limits would refuse the suite itself.
        SIGN_UP_LIMIT_PER_HOUR: "10000",
        SIGN_UP_LIMIT_PER_DAY: "10000",
        SIGN_IN_MAX_FAILURES_PER_IP: "1000",
        // e2e/account/email.spec.ts asks for reset links from 127.0.0.1 on every run.
        PASSWORD_RESET_LIMIT_PER_IP: "1000",
        // The operator of the e2e install (e2e/governance/): named, not "the first account", since specs run in any order.
        GATEHOUSE_OPERATORS: "operator@gatehouse.test",
        BUDGET_ALERT_INTERVAL_MS: "1000",
        // The webhook specs' receivers listen on loopback over plain http.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
        WEBHOOK_ALLOW_HTTP: "true",
        ANTHROPIC_UPSTREAM_URL: `http://127.0.0.1:${E2E_UPSTREAM_PORT}`,
        ANTHROPIC_UPSTREAM_API_KEY: E2E_UPSTREAM_API_KEY,
        OIDC_ISSUER: E2E_OIDC_ISSUER,
        OIDC_CLIENT_ID: E2E_OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
        OIDC_DISPLAY_NAME: E2E_OIDC_DISPLAY_NAME,
      },
    },
  ],
});
