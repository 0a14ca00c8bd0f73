/**
 * For tests that must prove behaviour under database trouble, on whichever
 * engine the suite runs: another connection holding the usage tables'
 * write lock, and a trigger that makes the database refuse certain rows.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { databaseConfig } from "../db-url";

/**
 * Another connection (as another process would) holding the lock usage writes
 * need: SQLite's write lock (BEGIN IMMEDIATE), or on PostgreSQL an EXCLUSIVE
 * lock on "UsageEvent" (reads go on, inserts wait). Resolves to the release.
 */
export async function holdUsageWriteLock(): Promise<() => Promise<void>> {
  const config = databaseConfig();
  if (config.engine === "sqlite") {
    const other = new Database(config.file);
    other.exec("BEGIN IMMEDIATE");
    return async () => {
      other.exec("COMMIT");
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE "UsageEvent" IN EXCLUSIVE MODE`);
  return async () => {
    await client.query("COMMIT");
    await client.end();
  };
}

/** Makes the database refuse every usage event with this model (a row that passes every check in code). Resolves to the undo. */
export async function refuseEventsWithModel(model: string): Promise<() => Promise<void>> {
  const config = databaseConfig();
  const quoted = model.replace(/'/g, "''");
  if (config.engine === "sqlite") {
    const db = new Database(config.file);
    db.exec(`CREATE TRIGGER refuse_model BEFORE INSERT ON UsageEvent WHEN NEW.model = '${quoted}' BEGIN SELECT RAISE(ABORT, 'refused row'); END`);
    return async () => {
      db.exec("DROP TRIGGER refuse_model");
      db.close();
    };
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  await client.query(`CREATE FUNCTION refuse_model() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.model = '${quoted}' THEN RAISE EXCEPTION 'refused row' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER refuse_model BEFORE INSERT ON "UsageEvent" FOR EACH ROW EXECUTE FUNCTION refuse_model()`);
  return async () => {
    await client.query(`DROP TRIGGER refuse_model ON "UsageEvent"; DROP FUNCTION refuse_model()`);
    await client.end();
  };
}
