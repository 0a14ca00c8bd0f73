/**
 * The test OpenID Connect provider (lib/auth/oidc/testing/test-provider.ts)
 * as a process of its own: Playwright starts it next to the console
 * (playwright.config.ts), and it is handy for trying single sign-on by hand.
 *
 *   PORT=4200 OIDC_TEST_REDIRECT_URI=http://localhost:3000/api/auth/callback/oidc \
 *   OIDC_TEST_CLIENT_SECRET=… npx tsx scripts/test-oidc-provider.ts
 *
 * then start the console with OIDC_ISSUER=http://127.0.0.1:4200,
 * OIDC_CLIENT_ID=gatehouse-test and the same secret. Users are set over its
 * test-only admin API: `PUT /_test/users/<login>` with
 * `{"email": "…", "emailVerified": true, "name": "…"}`; the login screen takes
 * that login and any password. For tests only: no real accounts, no
 * authentication on the admin API, state in memory.
 */
import { startTestOidcProvider } from "../lib/auth/oidc/testing/test-provider";

const port = Number(process.env.PORT ?? 4200);
const redirectUri = process.env.OIDC_TEST_REDIRECT_URI ?? "http://localhost:3000/api/auth/callback/oidc";
const provider = await startTestOidcProvider({
  port,
  redirectUris: [redirectUri],
  clientId: process.env.OIDC_TEST_CLIENT_ID ?? "gatehouse-test",
  clientSecret: process.env.OIDC_TEST_CLIENT_SECRET ?? "gatehouse-test-secret",
  adminApi: true,
});
console.log(`[test-oidc-provider] ${provider.issuer} (client ${provider.clientId}, redirect ${redirectUri})`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void provider.close().then(() => process.exit(0));
  });
}
