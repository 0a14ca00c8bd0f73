import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, postgresSchemaFrom, writePostgresSchema } from "../../prisma/postgres-schema";
import { testEngine } from "../../lib/testing/engine";
import { HISTORIES, diffSql, lastSnapshot, makeMigrations, type EngineHistory } from "./migrations";
import { createDatabase, dropDatabase } from "./postgres";

const engine = testEngine();

describe.runIf(engine === "sqlite")("the schemas and their migrations", () => {
  it("has a committed migration for every schema change, on both engines (run db:new-migration)", () => {
    writePostgresSchema();
    for (const history of HISTORIES) {
      expect(diffSql(lastSnapshot(history.migrations), history.schema), `${history.engine}: schema changed since the last migration`).toBe("");
    }
  });

  it("derives the PostgreSQL schema from the SQLite one: same models, its own provider and client", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
    const postgres = postgresSchemaFrom(sqlite);
    expect(postgres).toMatch(/datasource db \{\s*provider = "postgresql"/);
    expect(postgres).toContain('output     = "../../lib/generated/prisma-postgres"');
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(postgres)).toBe(models(sqlite));
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgres);
  });

  it("refuses native type attributes, which do not carry from one engine to the other", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8").replace("  name         String\n", "  name         String @db.VarChar(80)\n");
    expect(() => postgresSchemaFrom(sqlite)).toThrow(/native type attributes.*@db\.VarChar/);
  });
});

describe("db:new-migration", () => {
  it(`makes the same migration for both engines, and the ${engine} one applies on top of the committed ones`, async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-new-migration-"));
    // Histories holding only the committed snapshots, and a schema with one more model.
    const histories: EngineHistory[] = HISTORIES.map((h) => {
      const migrations = path.join(tmp, h.engine, "migrations");
      const last = lastSnapshot(h.migrations)!;
      fs.mkdirSync(path.join(migrations, path.basename(path.dirname(last))), { recursive: true });
      fs.copyFileSync(last, path.join(migrations, path.basename(path.dirname(last)), "schema.prisma"));
      return { ...h, migrations, schema: path.join(tmp, h.engine, "schema.prisma") };
    });
    const widget = `\nmodel Widget {\n  id        String   @id @default(cuid())\n  label     String\n  createdAt DateTime @default(now())\n}\n`;
    const sqliteSchema = fs.readFileSync(SQLITE_SCHEMA, "utf8") + widget;
    fs.writeFileSync(histories[0].schema, sqliteSchema);
    fs.writeFileSync(histories[1].schema, postgresSchemaFrom(sqliteSchema));

    const created = makeMigrations("add_widgets", { stamp: "20990101000000", histories });
    expect(created.map((dir) => path.basename(dir))).toEqual(["20990101000000_add_widgets", "20990101000000_add_widgets"]);
    const sql = (h: EngineHistory) => fs.readFileSync(path.join(h.migrations, "20990101000000_add_widgets", "migration.sql"), "utf8");
    expect(sql(histories[0])).toMatch(/CREATE TABLE "Widget"[\s\S]*"createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP/);
    expect(sql(histories[1])).toMatch(/CREATE TABLE "Widget"[\s\S]*"createdAt" TIMESTAMP\(3\) NOT NULL DEFAULT CURRENT_TIMESTAMP/);
    // Each keeps the schema it leads to: the next migration is diffed from there.
    for (const h of histories) expect(fs.readFileSync(lastSnapshot(h.migrations)!, "utf8")).toBe(fs.readFileSync(h.schema, "utf8"));

    if (engine === "sqlite") {
      const db = new Database(path.join(tmp, "apply.db"));
      for (const name of fs.readdirSync(SQLITE_MIGRATIONS).filter((d) => !d.endsWith(".toml")).sort()) {
        db.exec(fs.readFileSync(path.join(SQLITE_MIGRATIONS, name, "migration.sql"), "utf8"));
      }
      db.exec(sql(histories[0]));
      expect(db.prepare(`INSERT INTO "Widget" ("id", "label") VALUES ('w1', 'first') RETURNING "label"`).get()).toEqual({ label: "first" });
      db.close();
    } else {
      const server = inject("postgresServerUrl");
      const name = `gatehouse_widgets_${process.pid}`;
      const client = new pg.Client({ connectionString: await createDatabase(server, name, inject("postgresTemplate")) });
      await client.connect();
      try {
        await client.query(sql(histories[1]));
        const { rows } = await client.query(`INSERT INTO "Widget" ("id", "label") VALUES ('w1', 'first') RETURNING "label"`);
        expect(rows).toEqual([{ label: "first" }]);
      } finally {
        await client.end();
        await dropDatabase(server, name);
      }
    }
  });
});
