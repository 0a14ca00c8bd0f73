import { describe, expect, it } from "vitest";
import { ConfigError } from "../db-url";
import { gatewayConfigFromEnv } from "./config";

describe("gateway settings", () => {
  it("defaults to Anthropic, no key (the gateway answers 503) and a 60 s drain", () => {
    const config = gatewayConfigFromEnv({});
    expect(config.upstream).toMatchObject({ protocol: "https:", hostname: "api.anthropic.com", port: 443, pathPrefix: "" });
    expect(config.upstreamApiKey).toBeNull();
    expect(config.drainSeconds).toBe(60);
    expect(gatewayConfigFromEnv({ ANTHROPIC_UPSTREAM_API_KEY: " ", GATEWAY_DRAIN_SECONDS: "" }).upstreamApiKey).toBeNull();
  });

  it("reads an http upstream with a port and a path prefix, and the key", () => {
    const config = gatewayConfigFromEnv({
      ANTHROPIC_UPSTREAM_URL: "http://127.0.0.1:4010/proxy/",
      ANTHROPIC_UPSTREAM_API_KEY: "sk-ant-xyz",
      GATEWAY_DRAIN_SECONDS: "0",
    });
    expect(config.upstream).toMatchObject({ protocol: "http:", hostname: "127.0.0.1", port: 4010, pathPrefix: "/proxy" });
    expect(config.upstreamApiKey).toBe("sk-ant-xyz");
    expect(config.drainSeconds).toBe(0);
  });

  it.each([
    [{ ANTHROPIC_UPSTREAM_URL: "api.anthropic.com" }, /ANTHROPIC_UPSTREAM_URL must be a URL/],
    [{ ANTHROPIC_UPSTREAM_URL: "ftp://example.com" }, /must start with https:\/\//],
    [{ ANTHROPIC_UPSTREAM_URL: "https://user:pw@example.com" }, /must not carry credentials/],
    [{ ANTHROPIC_UPSTREAM_API_KEY: "two words" }, /ANTHROPIC_UPSTREAM_API_KEY must be/],
    [{ GATEWAY_DRAIN_SECONDS: "ten" }, /GATEWAY_DRAIN_SECONDS must be a whole number/],
    [{ GATEWAY_DRAIN_SECONDS: "7200" }, /at most 3600/],
  ])("refuses %o with a message naming the variable", (env, message) => {
    expect(() => gatewayConfigFromEnv(env)).toThrow(ConfigError);
    expect(() => gatewayConfigFromEnv(env)).toThrow(message);
  });

  it("never puts the key in an error message", () => {
    try {
      gatewayConfigFromEnv({ ANTHROPIC_UPSTREAM_API_KEY: "sk-ant-secret value" });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("secret");
    }
  });
});
