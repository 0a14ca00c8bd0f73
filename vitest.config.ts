import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
    setupFiles: ["lib/testing/setup-db.ts"],
    environment: "node",
    testTimeout: 20000,
    hookTimeout: 30000,
    // Each test file gets its own SQLite database (see setup-db.ts), so files run in parallel safely.
    pool: "forks",
  },
});
