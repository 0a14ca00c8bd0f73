/**
 * Rotation and revocation under concurrent requests. SQLite runs
 * transactions one at a time; on PostgreSQL (READ COMMITTED) each request's
 * checks could run before another's write committed.
 */
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { isAppError } from "../errors";
import { makeTeam } from "../testing/factories";
import { createApiKey } from "./create";
import { revokeApiKey } from "./revoke";
import { rotateApiKey } from "./rotate";

async function keyOf(ctx: Awaited<ReturnType<typeof makeTeam>>, name = "payments") {
  const { key } = await createApiKey(ctx.members.developer.actor, { teamId: ctx.team.id, name, environment: "production", expiry: "30d" });
  return key;
}

describe("a key is rotated at most once", () => {
  it("5 parallel rotations of one key: one replacement, four refusals", async () => {
    const ctx = await makeTeam();
    const old = await keyOf(ctx);
    const actors = [ctx.members.owner.actor, ctx.members.admin.actor, ctx.members.developer.actor];
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => rotateApiKey(actors[i % actors.length], { teamId: ctx.team.id, keyId: old.id, overlap: "1h" })),
    );
    const fulfilled = settled.filter((s) => s.status === "fulfilled");
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => r.reason.code)).toEqual(Array(4).fill("CONFLICT"));
    // No orphan replacement from a losing rotation survives its rollback.
    expect(await db.apiKey.count({ where: { teamId: ctx.team.id } })).toBe(2);
    expect(await db.auditLog.count({ where: { teamId: ctx.team.id, action: "key.rotated" } })).toBe(1);
  });

  it("rotating while someone revokes never brings a revoked key back to life", async () => {
    const ctx = await makeTeam();
    const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => keyOf(ctx, `key-${i}`)));
    const outcomes = await Promise.all(
      keys.map((key) =>
        Promise.allSettled([
          rotateApiKey(ctx.members.developer.actor, { teamId: ctx.team.id, keyId: key.id, overlap: "24h" }),
          revokeApiKey(ctx.members.admin.actor, { teamId: ctx.team.id, keyId: key.id }),
        ]),
      ),
    );
    const after = Date.now();
    for (const [i, [rotate, revoke]] of outcomes.entries()) {
      const row = await db.apiKey.findUniqueOrThrow({ where: { id: keys[i].id } });
      // Revocation is immediate whichever came first: a rotation committed before it is cut short,
      // and one that comes after it is refused.
      expect(revoke.status).toBe("fulfilled");
      expect(row.revokedAt!.getTime()).toBeLessThanOrEqual(after);
      if (rotate.status === "rejected") {
        expect(isAppError(rotate.reason), String(rotate.reason)).toBe(true);
        expect(row.rotatedToId).toBeNull();
      } else {
        expect(row.rotatedToId).toBe(rotate.value.key.id);
        const audit = await db.auditLog.findFirstOrThrow({ where: { action: "key.revoked", targetId: keys[i].id } });
        expect(JSON.parse(audit.metadata)).toMatchObject({ cutRotationShort: true });
      }
    }
  });
});
