import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminApiServer, type TestAdminApi } from "../admin-api/testing/start-admin-api";
import { db } from "../db";
import { changeMemberRole } from "../members/change-member-role";
import { makeTeam } from "../testing/factories";
import { createAdminKey } from "./create";
import { listAdminKeys } from "./list";
import { revokeAdminKey } from "./revoke";

// A key made in the console is the key the Admin API accepts, and revoking it there ends it there.
let api: TestAdminApi;
beforeAll(async () => {
  api = await startAdminApiServer();
});
afterAll(() => api.close());

describe("admin keys made in the console, used on the Admin API", () => {
  it("the created secret calls the Admin API for its team until it is revoked", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { key, secret } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "CI", role: "read-only", expiry: "30d" });

    const me = await api.request("/v1/organizations/me", { key: secret });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: team.id, type: "organization", slug: team.slug });

    await revokeAdminKey(members.owner.actor, { teamId: team.id, adminKeyId: key.id });
    const after = await api.request("/v1/organizations/me", { key: secret });
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("an expired key is refused, and the list says expired", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { key, secret } = await createAdminKey(members.owner.actor, { teamId: team.id, name: "Old", role: "admin", expiry: "30d" });
    await db.adminKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api.request("/v1/organizations/me", { key: secret })).status).toBe(401);
    const [listed] = await listAdminKeys(members.owner.actor, team.id);
    expect(listed).toMatchObject({ id: key.id, status: "expired" });
  });

  it("a key dies with its creator's standing: demoted to developer, the creator's key is refused", async () => {
    const { team, members } = await makeTeam(["owner", "admin"]);
    const { secret } = await createAdminKey(members.admin.actor, { teamId: team.id, name: "Admin's", role: "admin", expiry: "never" });
    expect((await api.request("/v1/organizations/me", { key: secret })).status).toBe(200);
    const membership = await db.membership.findFirstOrThrow({ where: { teamId: team.id, userId: members.admin.user.id } });
    await changeMemberRole(members.owner.actor, { teamId: team.id, membershipId: membership.id, role: "developer" });
    expect((await api.request("/v1/organizations/me", { key: secret })).status).toBe(401);
  });
});
