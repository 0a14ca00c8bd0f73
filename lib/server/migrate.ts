import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseFile } from "../db-url";

/** Applies committed migrations (prisma migrate deploy); a no-op when up to date. */
export function applyMigrations(): void {
  fs.mkdirSync(path.dirname(databaseFile()), { recursive: true });
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  execFileSync(prisma, ["migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"], env: process.env });
}
