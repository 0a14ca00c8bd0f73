import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionSecret } from "../auth/secret";
import { mayTighten, securePrivateFiles } from "./data-dir";

const modeOf = (file: string) => fs.statSync(file).mode & 0o7777;
let root: string;
let previousUmask: number;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-modes-"));
  // What a default shell gives: files 0644 and directories 0755 unless we say otherwise.
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

function useData(dir: string) {
  vi.stubEnv("DATABASE_URL", `file:${path.join(dir, "gatehouse.db")}`);
  vi.stubEnv("GATEHOUSE_DATA_DIR", "");
  vi.stubEnv("NEXTAUTH_SECRET", "");
}

describe("the data directory and its files", () => {
  it("are created 0700, and the session secret 0600", () => {
    const dir = path.join(root, "fresh", "data");
    useData(dir);
    securePrivateFiles();
    expect(modeOf(dir)).toBe(0o700);

    const secret = sessionSecret();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(modeOf(path.join(dir, "session-secret"))).toBe(0o600);
  });

  it("the session secret's own directory is created 0700 when the secret is made first", () => {
    const dir = path.join(root, "secret-first");
    useData(dir);
    sessionSecret();
    expect(modeOf(dir)).toBe(0o700);
  });

  it("an older install's world-readable directory, database, WAL, SHM and secret are tightened on start", () => {
    const dir = path.join(root, "old-install");
    fs.mkdirSync(dir, { mode: 0o755 });
    const files = ["gatehouse.db", "gatehouse.db-wal", "gatehouse.db-shm", "session-secret"].map((f) => path.join(dir, f));
    for (const file of files) fs.writeFileSync(file, "x", { mode: 0o644 });
    const unrelated = path.join(dir, "notes.txt");
    fs.writeFileSync(unrelated, "x", { mode: 0o644 });
    useData(dir);

    securePrivateFiles();
    expect(modeOf(dir)).toBe(0o700);
    for (const file of files) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    expect(modeOf(unrelated)).toBe(0o644);
  });

  it("SQLite gives the WAL and SHM files the database's own mode, so a 0600 database keeps them private", () => {
    const dir = path.join(root, "wal");
    useData(dir);
    securePrivateFiles();
    const file = path.join(dir, "gatehouse.db");
    new Database(file).close();
    securePrivateFiles();
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    sqlite.close();
  });

  it("does not lock down a shared directory the database happens to sit in; it says so instead", () => {
    const shared = path.join(root, "shared");
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    useData(shared);
    securePrivateFiles();
    expect(modeOf(shared)).toBe(0o1777);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${shared} holds Gatehouse's data and other users can read it`));
    warn.mockRestore();
  });
});

describe("mayTighten", () => {
  const mine = { uid: 1000, cwd: "/srv/app", home: "/home/gate" };
  it("tightens only a directory of our own", () => {
    expect(mayTighten("/srv/app/data", { mode: 0o40755, uid: 1000 }, mine)).toBe(true);
    expect(mayTighten("/srv/app/data", { mode: 0o40755, uid: 0 }, mine)).toBe(false);
    expect(mayTighten("/srv/tmp", { mode: 0o41777, uid: 1000 }, mine)).toBe(false);
    expect(mayTighten("/srv/app", { mode: 0o40755, uid: 1000 }, mine)).toBe(false);
    expect(mayTighten("/home/gate/", { mode: 0o40755, uid: 1000 }, mine)).toBe(false);
    expect(mayTighten("/", { mode: 0o40755, uid: 1000 }, mine)).toBe(false);
  });
});
