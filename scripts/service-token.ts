/**
 * `npm run service-token -- create "<name>"` prints a new service token for
 * the provider's backend (shown once; only its hash is stored), for installs
 * where nobody has signed in yet or that are set up by scripts.
 * `npm run service-token -- list` lists them; `… revoke <id>` revokes one.
 * Runs against DATABASE_URL like the server, after applying migrations, and
 * writes the operator audit log with "command line" as the actor.
 */
import { applyMigrations } from "../lib/server/migrate";

const [command, ...rest] = process.argv.slice(2);
const usage = 'Usage: npm run service-token -- create "<name>" | list | revoke <id>';

async function main(): Promise<number> {
  await applyMigrations();
  const { db } = await import("../lib/db");
  const { generateServiceToken, hashServiceToken } = await import("../lib/operator/service-token-format");
  if (command === "create") {
    const name = rest.join(" ").trim();
    if (!name || name.length > 100 || /[\u0000-\u001f]/.test(name)) {
      console.error("Give the token a name of 1–100 characters, e.g. \"Production backend\".");
      return 1;
    }
    const secret = generateServiceToken();
    const token = await db.$transaction(async (tx) => {
      const row = await tx.serviceToken.create({ data: { name, prefix: secret.slice(0, 8), last4: secret.slice(-4), hash: hashServiceToken(secret) } });
      await tx.operatorAuditLog.create({
        data: { actorEmail: "command line", action: "service_token.created", targetType: "service_token", targetId: row.id, targetLabel: name, after: JSON.stringify({ name }) },
      });
      return row;
    });
    console.log(`Service token "${token.name}" (id ${token.id}). Copy it now; it is not shown again:\n\n  ${secret}\n`);
    return 0;
  }
  if (command === "list") {
    const tokens = await db.serviceToken.findMany({ orderBy: { createdAt: "asc" } });
    if (tokens.length === 0) console.log("No service tokens yet.");
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
      console.log(`${t.id}  ${t.prefix}…${t.last4}  ${t.name}  (${state}; last used ${t.lastUsedAt?.toISOString() ?? "never"})`);
    }
    return 0;
  }
  if (command === "revoke" && rest[0]) {
    const now = new Date();
    const id = rest[0];
    const revoked = await db.$transaction(async (tx) => {
      const { count } = await tx.serviceToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
      if (count === 1) {
        await tx.operatorAuditLog.create({
          data: { actorEmail: "command line", action: "service_token.revoked", targetType: "service_token", targetId: id, targetLabel: id, before: JSON.stringify({ revokedAt: null }), after: JSON.stringify({ revokedAt: now.toISOString() }) },
        });
      }
      return count === 1;
    });
    if (!revoked) {
      console.error(`No active service token with id ${id}.`);
      return 1;
    }
    console.log(`Revoked ${id}. Running servers refuse it within half a second.`);
    return 0;
  }
  console.error(usage);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
