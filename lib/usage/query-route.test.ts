import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { makeTeam, makeUser } from "../testing/factories";
import { getKeyUsage, getTeamUsage } from "./query";
import { usageRoute } from "./query-route";

afterEach(() => {
  vi.restoreAllMocks();
});

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { "user-agent": "vitest" } });
const signedIn = (user: { id: string; email: string; name: string }) => async () => user;

async function body(response: Response) {
  return { status: response.status, json: await response.json() };
}

/** The team usage route (app/api/teams/[team]/usage/route.ts) with a given session. */
function teamRoute(slug: string, query: string, user: () => Promise<{ id: string; email: string; name: string } | null>) {
  return usageRoute(get(`/api/teams/${slug}/usage${query}`), slug, async ({ actor, team, range }) => Response.json(await getTeamUsage(actor, { teamId: team.id, range })), user);
}

/** The key usage route (app/api/teams/[team]/keys/[keyId]/usage/route.ts). */
function keyRoute(slug: string, keyId: string, user: () => Promise<{ id: string; email: string; name: string }>) {
  return usageRoute(get(`/api/teams/${slug}/keys/${encodeURIComponent(keyId)}/usage`), slug, async ({ actor, team, range }) => Response.json(await getKeyUsage(actor, { teamId: team.id, keyId, range })), user);
}

describe("usageRoute", () => {
  it("answers a member with the team's usage", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const res = await teamRoute(team.slug, "?range=7d", signedIn(members.owner.user));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.json()).team.id).toBe(team.id);
  });

  it("answers signed-out callers 401 and strangers 404", async () => {
    const { team } = await makeTeam(["owner"]);
    expect(await body(await teamRoute(team.slug, "", async () => null))).toMatchObject({ status: 401, json: { error: { code: "UNAUTHENTICATED" } } });
    const stranger = await makeUser("stranger");
    expect(await body(await teamRoute(team.slug, "", signedIn(stranger)))).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
  });

  it("answers a bad range 400 with a field error", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const res = await body(await teamRoute(team.slug, "?range=1y", signedIn(members.owner.user)));
    expect(res).toMatchObject({ status: 400, json: { error: { code: "INVALID", fieldErrors: { range: expect.stringContaining("24h") } } } });
  });

  it.each([["x".repeat(65)], ["not an id"], ["id\u0000"]])("answers a malformed key id %j 400, not 500", async (keyId) => {
    const { team, members } = await makeTeam(["owner"]);
    const res = await body(await keyRoute(team.slug, keyId, signedIn(members.owner.user)));
    expect(res).toMatchObject({ status: 400, json: { error: { code: "INVALID", fieldErrors: { keyId: "Unknown key." } } } });
  });

  it("answers a zod error thrown inside a service 400 with field errors, not 500", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const strictService = z.object({ limit: z.number({ error: "Give a number." }) });
    const res = await usageRoute(get(`/api/teams/${team.slug}/usage`), team.slug, async () => Response.json(strictService.parse({})), signedIn(members.owner.user));
    expect(await body(res)).toEqual({ status: 400, json: { error: { code: "INVALID", message: "Give a number.", fieldErrors: { limit: "Give a number." } } } });
    expect(errors).not.toHaveBeenCalled();
  });

  it("answers an internal failure 500 with the generic message, logging the cause", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const cause = new Error('SQLITE_BUSY: database is locked (UsageRollup, secret "k_123")');
    const res = await usageRoute(get(`/api/teams/${team.slug}/usage`), team.slug, async () => Promise.reject(cause), signedIn(members.owner.user));
    const { status, json } = await body(res);
    expect(status).toBe(500);
    expect(json.error.code).toBe("INTERNAL");
    expect(JSON.stringify(json)).not.toMatch(/SQLITE|secret|UsageRollup/);
    expect(errors).toHaveBeenCalledWith(expect.any(String), cause);
  });
});
