import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../db-url";
import { testEngine } from "../../testing/engine";
import { oidcConfigFromEnv } from "./config";

const FULL = { OIDC_ISSUER: "https://login.example.com/realms/acme", OIDC_CLIENT_ID: "gatehouse", OIDC_CLIENT_SECRET: "s3cret-value" };

function refusal(env: Record<string, string | undefined>): string {
  try {
    oidcConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("OIDC settings", () => {
  it("none set (or all empty): no single sign-on", () => {
    expect(oidcConfigFromEnv({})).toBeNull();
    expect(oidcConfigFromEnv({ OIDC_ISSUER: "", OIDC_CLIENT_ID: " ", OIDC_CLIENT_SECRET: "", OIDC_DISPLAY_NAME: "" })).toBeNull();
  });

  it("all set: discovery under the issuer, the default button name", () => {
    expect(oidcConfigFromEnv(FULL)).toEqual({
      issuer: "https://login.example.com/realms/acme",
      wellKnown: "https://login.example.com/realms/acme/.well-known/openid-configuration",
      clientId: "gatehouse",
      clientSecret: "s3cret-value",
      displayName: "single sign-on",
    });
    // An issuer with a trailing slash (Auth0's) is kept as it is: the ID token's iss must match it exactly.
    const auth0 = oidcConfigFromEnv({ ...FULL, OIDC_ISSUER: "https://acme.eu.auth0.com/", OIDC_DISPLAY_NAME: " Acme SSO " })!;
    expect(auth0).toMatchObject({ issuer: "https://acme.eu.auth0.com/", wellKnown: "https://acme.eu.auth0.com/.well-known/openid-configuration", displayName: "Acme SSO" });
  });

  it("a partial set stops the start, naming what is set and what is missing", () => {
    expect(refusal({ OIDC_ISSUER: FULL.OIDC_ISSUER })).toBe(
      "Single sign-on is half configured: OIDC_ISSUER is set, but OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not. Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (OIDC_DISPLAY_NAME is optional), or none of them.",
    );
    expect(refusal({ ...FULL, OIDC_CLIENT_SECRET: "" })).toMatch(/^Single sign-on is half configured: OIDC_ISSUER and OIDC_CLIENT_ID are set, but OIDC_CLIENT_SECRET is not\./);
    expect(refusal({ OIDC_DISPLAY_NAME: "Okta" })).toMatch(/OIDC_DISPLAY_NAME is set, but OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not/);
  });

  it("refuses an issuer that is not https (http only on this machine), or carries a query or credentials", () => {
    expect(refusal({ ...FULL, OIDC_ISSUER: "login.example.com" })).toMatch(/^OIDC_ISSUER must be the identity provider's issuer URL/);
    expect(refusal({ ...FULL, OIDC_ISSUER: "http://login.example.com" })).toBe('OIDC_ISSUER must use https:// (http:// only for a provider on this machine), got "http://login.example.com"');
    expect(refusal({ ...FULL, OIDC_ISSUER: "https://login.example.com/?tenant=1" })).toMatch(/must not carry credentials, a query or a fragment/);
    expect(refusal({ ...FULL, OIDC_ISSUER: "https://user:pw@login.example.com" })).toMatch(/must not carry credentials/);
    for (const local of ["http://127.0.0.1:4760", "http://localhost:8080/realms/dev", "http://[::1]:9000"]) {
      expect(oidcConfigFromEnv({ ...FULL, OIDC_ISSUER: local })?.issuer).toBe(local);
    }
  });

  it("refuses a client id or secret with spaces, and a display name too long or on several lines", () => {
    expect(refusal({ ...FULL, OIDC_CLIENT_ID: "my client" })).toMatch(/^OIDC_CLIENT_ID must be the client id/);
    expect(refusal({ ...FULL, OIDC_CLIENT_SECRET: "a b" })).toMatch(/^OIDC_CLIENT_SECRET must be the client secret/);
    expect(refusal({ ...FULL, OIDC_DISPLAY_NAME: "x".repeat(41) })).toMatch(/^OIDC_DISPLAY_NAME must be at most 40 characters/);
    expect(refusal({ ...FULL, OIDC_DISPLAY_NAME: "Okta\nSSO" })).toBe("OIDC_DISPLAY_NAME must be one line of text");
  });

  it("never puts the client secret in a message", () => {
    const secret = "do-not-print-me";
    expect(refusal({ OIDC_ISSUER: "ftp://x", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: secret })).not.toContain(secret);
    expect(refusal({ OIDC_CLIENT_SECRET: secret })).not.toContain(secret);
  });
});

// Spawns the real start script; the same on both engines, so only in the SQLite pass.
describe.runIf(testEngine() === "sqlite")("npm start with half the OIDC settings", () => {
  it("stops with the message, before migrating or listening", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-oidc-start-"));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        path.resolve("node_modules/.bin/tsx"),
        ["scripts/start.ts"],
        {
          env: { ...process.env, PORT: "0", GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "g.db")}`, OIDC_ISSUER: "https://login.example.com", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: "" },
          timeout: 30_000,
        },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "[gatehouse] Single sign-on is half configured: OIDC_ISSUER is set, but OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not. Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (OIDC_DISPLAY_NAME is optional), or none of them.",
    );
    expect(fs.existsSync(path.join(dataDir, "g.db"))).toBe(false);
  });
});
