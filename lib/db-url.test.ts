import { describe, expect, it } from "vitest";
import { ConfigError, parseDatabaseUrl, redactUrl } from "./db-url";

const cwd = "/srv/gatehouse";
const parse = (value: string | undefined) => parseDatabaseUrl(value, cwd);
const problem = (value: string) => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
};

describe("parseDatabaseUrl", () => {
  it("defaults to the SQLite file in ./data when unset or empty", () => {
    expect(parse(undefined)).toEqual({ engine: "sqlite", file: "/srv/gatehouse/data/gatehouse.db" });
    expect(parse("  ")).toEqual({ engine: "sqlite", file: "/srv/gatehouse/data/gatehouse.db" });
  });

  it("reads SQLite file URLs: relative to the working directory, absolute, and file:/// form", () => {
    expect(parse("file:./db/x.db")).toEqual({ engine: "sqlite", file: "/srv/gatehouse/db/x.db" });
    expect(parse("file:/var/lib/gatehouse/g.db")).toEqual({ engine: "sqlite", file: "/var/lib/gatehouse/g.db" });
    expect(parse("file:///var/lib/my%20data/g.db")).toEqual({ engine: "sqlite", file: "/var/lib/my data/g.db" });
  });

  it("reads PostgreSQL URLs under both schemes and keeps them as given", () => {
    const url = "postgresql://gate:s3cret@db.internal:5432/gatehouse?sslmode=require";
    expect(parse(url)).toEqual({ engine: "postgres", url });
    expect(parse("postgres://gate@10.0.0.5/gatehouse")).toEqual({ engine: "postgres", url: "postgres://gate@10.0.0.5/gatehouse" });
    expect(parse("postgresql:///gatehouse?host=/var/run/postgresql").engine).toBe("postgres");
  });

  it("refuses engines it does not support, naming the scheme and the supported forms", () => {
    const message = problem("mysql://root:pw@localhost/gatehouse");
    expect(message).toContain('"mysql:"');
    expect(message).toContain("file:./data/gatehouse.db");
    expect(message).toContain("postgresql://");
    expect(problem("sqlite:./data/x.db")).toContain('"sqlite:"');
  });

  it("refuses malformed URLs with the reason", () => {
    expect(problem("./data/gatehouse.db")).toMatch(/no scheme.*file:<path>/);
    expect(problem("file:")).toMatch(/does not name a database file/);
    expect(problem("file:./data/")).toMatch(/does not name a database file/);
    expect(problem("file://server/share/x.db")).toMatch(/names a host/);
    expect(problem("file:./x.db?connection_limit=1")).toMatch(/query parameters/);
    expect(problem("postgresql://")).toMatch(/not a valid URL|names no host/);
    expect(problem("postgresql://db.internal:5432")).toMatch(/names no database/);
    expect(problem("postgresql://db.internal:99999/g")).toMatch(/not a valid URL/);
    expect(problem("postgresql://db.internal/g?schema=gh")).toMatch(/\?schema=/);
  });

  it("never repeats a password in its messages", () => {
    const message = problem("postgresql://gate:hunter2@db.internal");
    expect(message).not.toContain("hunter2");
    expect(message).toContain("postgresql://gate:***@db.internal");
    expect(redactUrl("postgres://u:p%40ss@h/d")).toBe("postgres://u:***@h/d");
    expect(redactUrl("postgres://u:p@ss@h/d")).toBe("postgres://u:***@h/d");
  });
});
