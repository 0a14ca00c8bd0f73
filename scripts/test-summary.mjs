// Prints one closing line for the whole suite from the Vitest and Playwright JSON reports.
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
const vitest = read(".test-reports/vitest.json");
const vitestPostgres = read(".test-reports/vitest-postgres.json");
const playwright = read(".test-reports/playwright.json");

let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of [vitest, vitestPostgres]) {
  if (!run) continue;
  passed += run.numPassedTests;
  failed += run.numFailedTests;
  skipped += run.numPendingTests + run.numTodoTests;
}
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
}
console.log(`\nunit+integration: ${vitest?.numPassedTests ?? 0} passed on SQLite, ${vitestPostgres?.numPassedTests ?? 0} on PostgreSQL; end-to-end: ${playwright ? playwright.stats.expected + playwright.stats.flaky : 0} passed`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
