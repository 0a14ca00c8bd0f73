/**
 * The connection model: what one request can see of another's transaction.
 * Runs on both engines; the SQLite-specific lock tests use a second raw
 * connection, as the usage writer (its own thread and connection) does.
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "./generated/prisma/client";
import { db } from "./db";
import { databaseConfig, databaseFile } from "./db-url";
import { IsolatedSqliteAdapterFactory } from "./db-sqlite";
import { makeTeam, makeUser } from "./testing/factories";

const onSqlite = databaseConfig().engine === "sqlite";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Rollback extends Error {}

/** Opens a transaction that runs `work`, then stays open until the returned `finish()` rolls it back. */
async function openTransaction(work: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<void>) {
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (finish = resolve));
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const done = db
    .$transaction(
      async (tx) => {
        await work(tx);
        ready();
        await held;
        throw new Rollback();
      },
      { timeout: 10_000 },
    )
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  await started;
  return {
    rollBack: async () => {
      finish();
      await done;
    },
  };
}

describe("reads outside a transaction", () => {
  it("never see another request's uncommitted write", async () => {
    const { members } = await makeTeam(["owner", "developer"]);
    const membership = await db.membership.findFirstOrThrow({ where: { userId: members.developer.user.id } });

    const open = await openTransaction(async (tx) => {
      await tx.membership.delete({ where: { id: membership.id } });
    });
    try {
      // The removal is not committed: every other reader still sees the member.
      expect(await db.membership.findUnique({ where: { id: membership.id } })).not.toBeNull();
      expect(await db.membership.count({ where: { id: membership.id } })).toBe(1);
    } finally {
      await open.rollBack();
    }
    expect(await db.membership.findUnique({ where: { id: membership.id } })).not.toBeNull();
  });

  it("see a transaction's writes once it has committed", async () => {
    const { team } = await makeTeam(["owner"]);
    await db.$transaction((tx) => tx.team.update({ where: { id: team.id }, data: { description: "committed" } }));
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).description).toBe("committed");
  });
});

describe("writes outside a transaction", () => {
  it("do not join another request's open transaction (and survive its rollback)", async () => {
    const { team } = await makeTeam(["owner"]);
    const user = await makeUser("Bystander");
    const open = await openTransaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { description: "doomed" } });
    });
    // .then() starts it now: a Prisma query is lazy and would otherwise run only when awaited.
    const bare = db.user.update({ where: { id: user.id }, data: { name: "Renamed outside" } }).then((u) => u);
    await sleep(20);
    await open.rollBack();
    await bare;
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Renamed outside");
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).description).toBe("");
  });

  it("raw writes through $executeRaw and INSERT … RETURNING through $queryRaw are writes too", async () => {
    const { team } = await makeTeam(["owner"]);
    const open = await openTransaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { name: "doomed" } });
    });
    const updated = db.$executeRaw`UPDATE "Team" SET "description" = ${"raw"} WHERE "id" = ${team.id}`.then((n) => n);
    const inserted = db.$queryRaw<{ count: number }[]>`
      INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES (${`db-test:${team.id}`}, ${1n}, ${1}, ${2n}) RETURNING "count"`.then((rows) => rows);
    await sleep(20);
    await open.rollBack();
    expect(await updated).toBe(1);
    expect((await inserted).map((r) => Number(r.count))).toEqual([1]);
    const after = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect([after.name, after.description]).toEqual(["Acme", "raw"]);
    expect(await db.rateLimitCounter.count({ where: { key: `db-test:${team.id}` } })).toBe(1);
  });
});

describe("a failing write outside a transaction", () => {
  it("reports the constraint it broke and leaves the connection ready for the next write", async () => {
    const user = await makeUser("Taken");
    const duplicate = await db.user
      .create({ data: { name: "Copy", email: user.email, passwordHash: "x" } })
      .then(() => "created", (error: { code?: string }) => error.code);
    expect(duplicate).toBe("P2002");
    const inserted = await db.$executeRaw`INSERT INTO "User" ("id", "email", "name", "passwordHash", "createdAt") VALUES (${`u-${user.id}`}, ${`next-${user.email}`}, ${"Next"}, ${"x"}, ${new Date()})`;
    expect(inserted).toBe(1);
    expect(await db.user.count({ where: { email: `next-${user.email}` } })).toBe(1);
  });
});

describe.runIf(onSqlite)("SQLite transactions and other writer connections", () => {
  const others: Database.Database[] = [];
  const otherConnection = () => {
    // timeout 0: fail at once instead of waiting, so the test sees whether the lock was free.
    const other = new Database(databaseFile(), { timeout: 0 });
    // WAL, as the usage writer sets it: readers and one writer proceed side by side (in rollback-journal
    // mode a reader's lock would simply keep the other connection from committing).
    other.pragma("journal_mode = WAL");
    others.push(other);
    return other;
  };
  afterAll(() => others.forEach((o) => o.close()));

  it("a transaction that reads, then writes, cannot be invalidated by another connection's commit", async () => {
    const { team } = await makeTeam(["owner"]);
    const other = otherConnection();
    let otherWrite = "";
    await db.$transaction(async (tx) => {
      const before = await tx.team.findUniqueOrThrow({ where: { id: team.id } });
      // With a deferred BEGIN this commit would succeed and the update below would then fail
      // with SQLITE_BUSY_SNAPSHOT. BEGIN IMMEDIATE holds the write lock from the start.
      try {
        other.prepare(`UPDATE "Team" SET "description" = 'other' WHERE "id" = ?`).run(team.id);
        otherWrite = "committed";
      } catch (error) {
        otherWrite = (error as { code: string }).code;
      }
      await tx.team.update({ where: { id: team.id }, data: { name: `${before.name} renamed` } });
    });
    expect(otherWrite).toBe("SQLITE_BUSY");
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name).toBe("Acme renamed");
  });

  it("waits for another connection's write lock without blocking the event loop", async () => {
    const { team } = await makeTeam(["owner"]);
    const other = otherConnection();
    other.exec("BEGIN IMMEDIATE");
    let committed = false;
    const write = db
      .$transaction((tx) => tx.team.update({ where: { id: team.id }, data: { description: "after the lock" } }))
      .then(() => (committed = true));
    const t0 = performance.now();
    await sleep(100);
    // Timers kept running (a busy-wait inside SQLite would have frozen them), and the write waited.
    expect(performance.now() - t0).toBeLessThan(180);
    expect(committed).toBe(false);
    other.exec("COMMIT");
    await write;
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).description).toBe("after the lock");
  });

  it("a transaction that gave up waiting (maxWait) is rolled back when the lock comes, never left holding it", async () => {
    const { team } = await makeTeam(["owner"]);
    const other = otherConnection();
    other.exec("BEGIN IMMEDIATE");
    const late = db
      .$transaction((tx) => tx.team.update({ where: { id: team.id }, data: { description: "too late" } }), { maxWait: 50 })
      .then(() => "committed", (error: { code?: string }) => error.code);
    await sleep(200);
    other.exec("COMMIT");
    expect(await late).toBe("P2028");
    await db.$transaction((tx) => tx.team.update({ where: { id: team.id }, data: { name: "next in line" } }));
    const after = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect([after.name, after.description]).toEqual(["next in line", ""]);
  });

  it("gives up with an error once the busy timeout has passed", async () => {
    const impatient = new PrismaClient({
      adapter: new IsolatedSqliteAdapterFactory({ file: databaseFile(), busyTimeoutMs: 150 }),
    });
    const other = otherConnection();
    other.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      await expect(impatient.$transaction((tx) => tx.user.count())).rejects.toThrow();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      // Reads need no lock and go on meanwhile.
      expect(await impatient.user.count()).toBeGreaterThanOrEqual(0);
    } finally {
      other.exec("ROLLBACK");
      await impatient.$disconnect();
    }
    // The failed attempt released the lock: the next transaction runs.
    expect(await db.$transaction((tx) => tx.user.count())).toBeGreaterThanOrEqual(0);
  });
});
