/**
 * Vitest global setup. On PostgreSQL runs: starts a throw-away server on
 * loopback (scripts/lib/postgres.ts) unless GATEHOUSE_TEST_PG_URL names one,
 * and migrates one template database through the real migration runner;
 * setup-db.ts then copies it per test file (CREATE DATABASE … TEMPLATE), which
 * takes tens of milliseconds instead of a migration run each.
 */
import crypto from "node:crypto";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, startPostgres } from "../../scripts/lib/postgres";
import { testEngine } from "./engine";

export default async function setup(project: TestProject) {
  if (testEngine() !== "postgres") return;
  const external = process.env.GATEHOUSE_TEST_PG_URL;
  const server = external ? { url: external, stop: async () => {} } : await startPostgres();
  const template = `gatehouse_tmpl_${crypto.randomBytes(4).toString("hex")}`;
  const previous = process.env.DATABASE_URL;
  try {
    process.env.DATABASE_URL = await createDatabase(server.url, template);
    const { applyMigrations } = await import("../server/migrate");
    await applyMigrations();
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
  project.provide("postgresServerUrl", server.url);
  project.provide("postgresTemplate", template);
  return async () => {
    // A server of our own goes away with its data; on a shared one, remove what this run made.
    if (external) await dropDatabase(server.url, template);
    await server.stop();
  };
}
