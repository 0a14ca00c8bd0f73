/**
 * Which engine the Vitest run targets: GATEHOUSE_TEST_ENGINE=postgres runs the
 * suite against a real PostgreSQL (started by global-setup.ts); unset or
 * "sqlite" uses a SQLite file per test file.
 */
export type TestEngine = "sqlite" | "postgres";

export function testEngine(): TestEngine {
  const value = process.env.GATEHOUSE_TEST_ENGINE?.trim() || "sqlite";
  if (value !== "sqlite" && value !== "postgres") {
    throw new Error(`GATEHOUSE_TEST_ENGINE must be "sqlite" or "postgres", not "${value}"`);
  }
  return value;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server test databases are created on (postgres runs only). */
    postgresServerUrl: string;
    /** The migrated database each test file's database is copied from. */
    postgresTemplate: string;
  }
}
