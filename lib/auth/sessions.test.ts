import { describe, expect, it } from "vitest";
import { db } from "../db";
import { pruneExpired, DEFAULT_RETENTION } from "../maintenance/retention";
import { listAccountEvents } from "./account-audit";
import { createSession, endSession, findLiveSession, listSessions, revokeAllSessions, revokeSession, sessionIdOf, SESSION_MAX_AGE_S, SESSION_TOUCH_MS, touchSession } from "./sessions";
import { createUser } from "./users";

const laptop = { ip: "203.0.113.5", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" };
const phone = { ip: "198.51.100.9", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148" };
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

let made = 0;
/** A fresh account per call: the database is shared by the file's tests. */
async function user(name = "sam") {
  return createUser({ name, email: `${name}-${++made}-${Date.now()}@sessions.test`, password: "a long secret phrase" });
}

describe("server-side sessions", () => {
  it("stores only the hash of the cookie's secret, and finds the session by it", async () => {
    const { id } = await user();
    const secret = await createSession(id, laptop, NOW);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.userSession.findMany({ where: { userId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(sessionIdOf(secret));
    expect(rows[0].id).not.toContain(secret);
    expect(rows[0]).toMatchObject({ userId: id, ip: laptop.ip, userAgent: laptop.userAgent });
    expect((await findLiveSession(sessionIdOf(secret), NOW))?.user).toMatchObject({ id, name: "sam" });
    expect(await findLiveSession(sessionIdOf("a-secret-nobody-issued"), NOW)).toBeUndefined();
  });

  it("is dead at its expiry, and each use (at most once a minute) moves the expiry forward", async () => {
    const { id } = await user();
    const sid = sessionIdOf(await createSession(id, laptop, NOW));
    const expiry = NOW + SESSION_MAX_AGE_S * 1000;
    expect(await findLiveSession(sid, expiry - 1)).toBeDefined();
    expect(await findLiveSession(sid, expiry)).toBeUndefined();

    const live = (await findLiveSession(sid, NOW))!;
    await touchSession(live, phone, NOW + SESSION_TOUCH_MS - 1);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt.getTime()).toBe(NOW);
    await touchSession(live, phone, NOW + SESSION_TOUCH_MS);
    const touched = await db.userSession.findUniqueOrThrow({ where: { id: sid } });
    expect(touched.lastSeenAt.getTime()).toBe(NOW + SESSION_TOUCH_MS);
    expect(touched.expiresAt.getTime()).toBe(expiry + SESSION_TOUCH_MS);
    expect(touched).toMatchObject({ ip: phone.ip, userAgent: phone.userAgent });
    expect(await findLiveSession(sid, expiry)).toBeDefined();
  });

  it("signing out deletes the row: the same cookie finds nothing on its next request", async () => {
    const { id } = await user();
    const secret = await createSession(id, laptop, NOW);
    await endSession(secret);
    expect(await findLiveSession(sessionIdOf(secret), NOW)).toBeUndefined();
    // A touch racing the sign-out does not bring it back.
    await touchSession({ id: sessionIdOf(secret), lastSeenAt: new Date(NOW - 10 * SESSION_TOUCH_MS) }, laptop, NOW);
    expect(await db.userSession.count({ where: { userId: id } })).toBe(0);
  });

  it("revokes one of the user's own sessions, audited, and nobody else's", async () => {
    const sam = await user();
    const kim = await user("kim");
    const samLaptop = sessionIdOf(await createSession(sam.id, laptop, NOW));
    const samPhone = sessionIdOf(await createSession(sam.id, phone, NOW + 1000));
    const kims = sessionIdOf(await createSession(kim.id, laptop, NOW));

    expect(await revokeSession(sam.id, kims, laptop)).toBe(false);
    expect(await findLiveSession(kims, NOW)).toBeDefined();
    expect(await revokeSession(sam.id, samPhone, laptop)).toBe(true);
    expect(await revokeSession(sam.id, samPhone, laptop)).toBe(false);
    expect((await listSessions(sam.id, NOW)).map((s) => s.id)).toEqual([samLaptop]);

    const trail = await listAccountEvents(sam.id);
    expect(trail.map((e) => e.action)).toEqual(["session.revoked"]);
    expect(trail[0]).toMatchObject({ label: "Signed out a session", ip: laptop.ip, details: { ip: phone.ip, device: phone.userAgent } });
    expect(await listAccountEvents(kim.id)).toEqual([]);
  });

  it("signs out every other session, or all of them", async () => {
    const sam = await user();
    const here = sessionIdOf(await createSession(sam.id, laptop, NOW));
    for (let i = 0; i < 3; i++) await createSession(sam.id, phone, NOW);
    const kim = await user("kim");
    await createSession(kim.id, phone, NOW);

    expect(await revokeAllSessions(sam.id, laptop, { keepId: here })).toBe(3);
    expect((await listSessions(sam.id, NOW)).map((s) => s.id)).toEqual([here]);
    expect(await revokeAllSessions(sam.id, laptop)).toBe(1);
    expect(await listSessions(sam.id, NOW)).toEqual([]);
    expect(await db.userSession.count({ where: { userId: kim.id } })).toBe(1);
    expect((await listAccountEvents(sam.id)).map((e) => [e.action, e.details.count])).toEqual([
      ["session.revoked_all", 1],
      ["session.revoked_others", 3],
    ]);
  });

  it("lists live sessions most recently used first, and retention prunes the expired ones", async () => {
    const sam = await user();
    const old = sessionIdOf(await createSession(sam.id, laptop, NOW - SESSION_MAX_AGE_S * 1000 - 1));
    const earlier = sessionIdOf(await createSession(sam.id, laptop, NOW - 5000));
    const latest = sessionIdOf(await createSession(sam.id, phone, NOW - 1000));
    expect((await listSessions(sam.id, NOW)).map((s) => s.id)).toEqual([latest, earlier]);

    const report = await pruneExpired(DEFAULT_RETENTION, { now: NOW, batchSize: 10, pauseMs: 0 });
    expect(report.sessions.rows).toBeGreaterThanOrEqual(1);
    expect(await db.userSession.findUnique({ where: { id: old } })).toBeNull();
    expect(await db.userSession.count({ where: { userId: sam.id } })).toBe(2);
  });

  it("goes with the account", async () => {
    const sam = await user();
    await createSession(sam.id, laptop, NOW);
    await db.user.delete({ where: { id: sam.id } });
    expect(await db.userSession.count({ where: { userId: sam.id } })).toBe(0);
  });
});
