import { describe, expect, it } from "vitest";
import { isDatabaseLevelError, parseStoredDate, prismaDateString } from "./connection";

const now = Date.UTC(2026, 10, 22, 12, 0, 0);

describe("parseStoredDate", () => {
  it("reads Prisma's SQLite text format, ISO Z strings and epoch ms", () => {
    expect(parseStoredDate("2026-11-22T12:00:00.000+00:00")).toBe(now);
    expect(parseStoredDate("2026-11-22T12:00:00.000Z")).toBe(now);
    expect(parseStoredDate(prismaDateString(now))).toBe(now);
    expect(parseStoredDate(now)).toBe(now);
    expect(parseStoredDate(null)).toBeNull();
    expect(parseStoredDate("garbage")).toBeNull();
  });
});

describe("isDatabaseLevelError", () => {
  it("keeps events for lock, disk and schema failures, and blames the row for constraint failures", () => {
    const sqliteError = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_READONLY", "SQLITE_ERROR"]) {
      expect(isDatabaseLevelError(sqliteError(code)), code).toBe(true);
    }
    for (const code of ["SQLITE_CONSTRAINT_NOTNULL", "SQLITE_CONSTRAINT_TRIGGER", "SQLITE_MISMATCH", "SQLITE_TOOBIG"]) {
      expect(isDatabaseLevelError(sqliteError(code)), code).toBe(false);
    }
    expect(isDatabaseLevelError(new TypeError("The database connection is not open"))).toBe(true);
    expect(isDatabaseLevelError(new RangeError("Too many parameter values were provided"))).toBe(false);
  });
});
