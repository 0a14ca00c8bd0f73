/**
 * `npm run seed:demo [-- --reset]`: a demo team "Acme Robotics" with one user
 * per role, keys of both environments (one revoked, one rotated, one expired,
 * one expiring soon, some with policies) and 30 days of usage priced from the
 * model catalogue, written through the real ingestion path, so every chart,
 * rollup and spend counter is populated; then budgets that show the bars.
 * Applies migrations first.
 * Run again: reprints the details; with --reset: deletes and recreates it.
 */
import { parseArgs } from "node:util";
import { databaseConfig, redactUrl } from "../lib/db-url";
import { ROLE_LABELS } from "../lib/permissions";
import { applyMigrations, pendingMigrations } from "../lib/server/migrate";

const { values: args } = parseArgs({ options: { reset: { type: "boolean", default: false } } });
const started = Date.now();
const config = databaseConfig();
const where = config.engine === "sqlite" ? config.file : redactUrl(config.url);

if ((await pendingMigrations()).length > 0) {
  try {
    await applyMigrations();
  } catch {
    console.error("[seed:demo] Could not apply the database migrations. If Gatehouse is running on this database, stop it and run the seed again.");
    process.exit(1);
  }
}
// Loaded after migrating: these open the database on import.
const { db } = await import("../lib/db");
const { writeUsageBatch } = await import("../lib/usage/ingest");
const { DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, createDemoTeam, deleteDemoTeam } = await import("./lib/demo-team");
const { demoIncidents, demoKeyTraffic } = await import("./lib/demo-traffic");
const { loadDemoPricer } = await import("./lib/demo-pricing");
const { applyDemoBudgets } = await import("./lib/demo-budgets");
const { formatUsd } = await import("../lib/money");
const { seededRandom } = await import("./lib/traffic-mix");

const baseUrl = (process.env.APP_URL || process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");

function printDetails(extra: string[] = []) {
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  console.log(
    [
      "",
      `  Team      ${DEMO_TEAM.name}`,
      `  Sign in   ${baseUrl}/sign-in`,
      `  Dashboard ${baseUrl}/${DEMO_TEAM.slug}/usage`,
      `  Password  ${DEMO_PASSWORD}   (the same for every demo user)`,
      "",
      ...DEMO_USERS.map((u) => `    ${u.email.padEnd(width)}  ${ROLE_LABELS[u.role]}`),
      ...extra,
      "",
    ].join("\n"),
  );
}

const existing = await db.team.findUnique({ where: { slug: DEMO_TEAM.slug }, select: { createdAt: true } });
if (existing && !args.reset) {
  console.log(`[seed:demo] The demo team already exists in ${where}; nothing changed.`);
  console.log("[seed:demo] Run `npm run seed:demo -- --reset` to recreate it with fresh usage.");
  printDetails();
  process.exit(0);
}
if (args.reset) await deleteDemoTeam(db);
else await db.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });

const now = Date.now();
const { team, keys, sampleSecret, audit } = await createDemoTeam(db, now);
const price = await loadDemoPricer(db);

const random = seededRandom(20261122);
const incidents = demoIncidents(now, {
  outage: [keys.backend.id, keys.mobileNew.id],
  badDeploy: [keys.staging.id],
  spike: [keys.backend.id],
});
let total = 0;
for (const key of Object.values(keys)) {
  const events = demoKeyTraffic(key, now, incidents, random);
  price(events);
  // Batches keep each write transaction short.
  for (let i = 0; i < events.length; i += 20_000) await writeUsageBatch(events.slice(i, i + 20_000));
  total += events.length;
}
const budgets = await applyDemoBudgets(db, { teamId: team.id, teamName: team.name, keys, now, audit: (at, entry) => audit("owner", at, entry) });

console.log(`[seed:demo] Created ${team.name} in ${where}: ${DEMO_USERS.length} users, ${Object.keys(keys).length} keys, ${total.toLocaleString("en-US")} usage events over 30 days (${((Date.now() - started) / 1000).toFixed(1)} s).`);
const percent = (spent: number, budget: number) => `${Math.floor((spent * 100) / budget)} %`;
printDetails([
  "",
  `  This month: ${formatUsd(budgets.teamSpent)} of the team's ${formatUsd(budgets.teamBudget)} budget (${percent(budgets.teamSpent, budgets.teamBudget)}); the mobile key ${formatUsd(budgets.mobileSpent)} of ${formatUsd(budgets.mobileBudget)} (${percent(budgets.mobileSpent, budgets.mobileBudget)}).`,
  "",
  "  Try the verify API with the Staging key (its secret is shown only now) and a service token",
  '  (`npm run service-token -- create "Demo backend"` prints one):',
  `    curl -X POST ${baseUrl}/api/v1/keys/verify -H "authorization: Bearer $SERVICE_TOKEN" -H 'content-type: application/json' -d '{"key":"${sampleSecret}","model":"claude-sonnet-5"}'`,
]);
await db.$disconnect();
