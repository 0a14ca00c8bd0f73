/**
 * prisma/schema.prisma is the one data model; the PostgreSQL schema is derived
 * from it. Prisma ties a schema (and the client generated from it) to one
 * provider, so PostgreSQL needs a schema file and a client of its own: the
 * same models with `provider = "postgresql"` and another output folder.
 * prisma.config.ts rewrites the file whenever a Prisma command runs for
 * PostgreSQL, and `npm run db:generate` before generating, so it cannot drift.
 */
import fs from "node:fs";
import path from "node:path";

// Relative to the project root, where every command runs (like the rest of the data layer).
export const SQLITE_SCHEMA = path.resolve("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.resolve("prisma", "postgres", "schema.prisma");
export const SQLITE_MIGRATIONS = path.resolve("prisma", "migrations");
export const POSTGRES_MIGRATIONS = path.resolve("prisma", "postgres", "migrations");

const HEADER = "// GENERATED from prisma/schema.prisma by prisma/postgres-schema.ts: edit that file, not this one.\n";

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma: could not find ${what} to derive the PostgreSQL schema`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL variant of a SQLite schema text. */
export function postgresSchemaFrom(sqlite: string): string {
  // Native type attributes are per provider (@db.Text on one is an error on the other); keep the
  // model portable rather than guess a translation.
  const native = /^\s*\w+\s+\S+.*\s@db\.\w+/m.exec(sqlite);
  if (native) throw new Error(`prisma/schema.prisma: native type attributes (@db.…) do not carry across engines: ${native[0].trim()}`);
  let text = replaceOnce(sqlite, /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', "the sqlite datasource");
  // With a driver adapter the URL is never used, but Prisma still wants one of the provider's shape.
  text = replaceOnce(text, /(datasource\s+db\s*\{[^}]*url\s*=\s*)"[^"]*"/, '$1"postgresql://localhost/gatehouse"', "the datasource url");
  text = replaceOnce(
    text,
    /(generator\s+client\s*\{[^}]*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/,
    '$1"../../lib/generated/prisma-postgres"',
    'the generator output "../lib/generated/prisma"',
  );
  return HEADER + text;
}

/** Writes prisma/postgres/schema.prisma (only when it changed, so file watchers stay quiet). */
export function writePostgresSchema(): string {
  const text = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  if (current !== text) fs.writeFileSync(POSTGRES_SCHEMA, text);
  return POSTGRES_SCHEMA;
}
