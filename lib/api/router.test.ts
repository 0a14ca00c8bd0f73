import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { route } from "./router";
import { startApiServer } from "./test-helpers";

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  route("POST", "/api/v1/test/throws", () => {
    throw new Error("secret internals");
  });
  route("POST", "/api/v1/test/rejects", async () => {
    throw new Error("secret internals");
  });
  api = await startApiServer();
});
afterAll(() => api.close());

describe("API router", () => {
  it("answers 500 INTERNAL without leaking the error, for sync throws and rejections", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const path of ["/api/v1/test/throws", "/api/v1/test/rejects"]) {
      const res = await api.post(path, {});
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(body.error.code).toBe("INTERNAL");
      expect(JSON.stringify(body)).not.toContain("secret internals");
    }
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("ignores the query string when matching a route", async () => {
    const res = await api.post("/api/v1/keys/verify?debug=1", { key: "nope" });
    expect(await res.json()).toEqual({ valid: false, code: "MALFORMED" });
  });
});
