/**
 * The demo team's people, keys and audit trail, written straight to the
 * database with backdated times (the services would stamp everything "now").
 */
import type { AuditAction, AuditEntry } from "../../lib/audit/record";
import { hashPassword } from "../../lib/auth/password";
import type { Db } from "../../lib/db";
import { generateKey, hashKey, visibleParts, type Environment } from "../../lib/keys/format";
import type { Role } from "../../lib/permissions";
import { periodStart } from "../../lib/budgets/period";
import { OPEN_POLICY, policyColumns, type KeyPolicy } from "../../lib/policy/stored-policy";
import { rotationShare, type DemoTrafficProfile, type ModelMix } from "./demo-traffic";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_TEAM = { slug: "acme-robotics", name: "Acme Robotics", description: "Warehouse robots that talk back." };
export const DEMO_PASSWORD = "gatehouse-demo-2026";
export const DEMO_USERS: { role: Role; email: string; name: string }[] = [
  { role: "owner", email: "owner@demo.gatehouse.test", name: "Olivia Owner" },
  { role: "admin", email: "admin@demo.gatehouse.test", name: "Adam Admin" },
  { role: "developer", email: "developer@demo.gatehouse.test", name: "Dana Developer" },
  { role: "billing", email: "billing@demo.gatehouse.test", name: "Bill Billing" },
];

type KeyPlan = {
  ref: string;
  name: string;
  environment: Environment;
  by: Role;
  createdAgo: number;
  expiresAfter: number | null;
  profile: DemoTrafficProfile;
  /** Set an hour after creation (budgets are set by ./demo-budgets.ts once the spend is known). */
  policy?: Partial<KeyPolicy>;
};

const MOBILE_MODELS: ModelMix = [["claude-sonnet-5", 0.75], ["claude-haiku-4-5", 0.25]];
const MOBILE_POLICY: Partial<KeyPolicy> = { allowedModels: ["claude-sonnet-5", "claude-haiku-4-5"], rpmLimit: 300 };

/** Removes the demo team, its usage and audit trail, and the demo users. */
export async function deleteDemoTeam(db: Db): Promise<void> {
  const team = await db.team.findUnique({ where: { slug: DEMO_TEAM.slug }, select: { id: true } });
  if (team) {
    await db.usageEvent.deleteMany({ where: { teamId: team.id } });
    await db.usageRollup.deleteMany({ where: { teamId: team.id } });
    await db.spendCounter.deleteMany({ where: { teamId: team.id } });
    await db.budgetAlert.deleteMany({ where: { teamId: team.id } });
    await db.auditLog.deleteMany({ where: { teamId: team.id } });
    await db.team.delete({ where: { id: team.id } });
  }
  await db.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
}

export type SeededKey = {
  id: string; teamId: string; name: string; label: string; environment: Environment; createdAt: number; expiresAt: number | null; revokedAt: number | null;
  profile: DemoTrafficProfile; policy: KeyPolicy;
};

export async function createDemoTeam(db: Db, now: number) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<Role, { id: string; email: string }>;
  for (const u of DEMO_USERS) {
    // Confirmed addresses: the demo users can create keys at once (REQUIRE_EMAIL_VERIFICATION).
    const createdAt = new Date(now - 100 * DAY);
    users[u.role] = await db.user.create({ data: { email: u.email, name: u.name, passwordHash, createdAt, emailVerifiedAt: createdAt } });
  }
  const team = await db.team.create({
    data: { ...DEMO_TEAM, createdAt: new Date(now - 95 * DAY) },
    select: { id: true, slug: true, name: true },
  });

  const audit = (by: Role, at: number, entry: Omit<AuditEntry, "teamId"> & { action: AuditAction }) =>
    db.auditLog.create({
      data: {
        teamId: team.id,
        actorId: users[by].id,
        actorEmail: users[by].email,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
        targetLabel: entry.targetLabel ?? "",
        metadata: JSON.stringify(entry.metadata ?? {}),
        ip: "127.0.0.1",
        userAgent: "gatehouse seed:demo",
        createdAt: new Date(at),
      },
    });

  await audit("owner", now - 95 * DAY, { action: "team.created", targetType: "team", targetId: team.id, targetLabel: team.name, metadata: { slug: team.slug } });
  for (const [i, u] of DEMO_USERS.entries()) {
    const joinedAt = now - (95 - i) * DAY;
    await db.membership.create({ data: { teamId: team.id, userId: users[u.role].id, role: u.role, createdAt: new Date(joinedAt) } });
    if (u.role !== "owner") {
      await audit(u.role, joinedAt, { action: "member.joined", targetType: "member", targetId: users[u.role].id, targetLabel: u.email, metadata: { role: u.role } });
    }
  }

  const rotatedAt = now - 12 * DAY - 5 * HOUR;
  const overlap = DAY;
  // Staging's budget ran out three days before last month ended; it is open again since the 1st.
  const stagingBudgetHit = periodStart(now) - 3 * DAY;
  const plans: KeyPlan[] = [
    {
      ref: "backend", name: "Production backend", environment: "production", by: "developer", createdAgo: 45 * DAY, expiresAfter: 180 * DAY,
      profile: { peakPerHour: 70, peakHourUtc: 15, weekend: 0.55, refusals: [{ outcome: "IP_NOT_ALLOWED", rate: 0.002 }] },
      policy: { ipAllowlist: ["203.0.113.0/24", "2001:db8:4200::/48"], rpmLimit: 600, tpmLimit: 2_000_000 },
    },
    { ref: "batch", name: "Nightly batch jobs", environment: "production", by: "admin", createdAgo: 40 * DAY, expiresAfter: null, profile: { peakPerHour: 90, peakHourUtc: 2, weekend: 1, activeHalfWidth: 2 } },
    {
      ref: "mobileOld", name: "Mobile app", environment: "production", by: "developer", createdAgo: 50 * DAY, expiresAfter: null,
      profile: { peakPerHour: 45, peakHourUtc: 19, weekend: 1.2, share: rotationShare(rotatedAt, overlap, "old"), models: MOBILE_MODELS }, policy: MOBILE_POLICY,
    },
    {
      ref: "mobileNew", name: "Mobile app", environment: "production", by: "developer", createdAgo: now - rotatedAt, expiresAfter: null,
      profile: { peakPerHour: 45, peakHourUtc: 19, weekend: 1.2, share: rotationShare(rotatedAt, overlap, "new"), models: MOBILE_MODELS, refusals: [{ outcome: "MODEL_NOT_ALLOWED", rate: 0.004, model: "claude-opus-5" }] },
      policy: MOBILE_POLICY,
    },
    { ref: "legacy", name: "Legacy partner integration", environment: "production", by: "owner", createdAgo: 90 * DAY, expiresAfter: null, profile: { peakPerHour: 25, peakHourUtc: 11, weekend: 0.6 } },
    {
      ref: "staging", name: "Staging", environment: "development", by: "developer", createdAgo: 35 * DAY, expiresAfter: 90 * DAY,
      profile: { peakPerHour: 14, peakHourUtc: 13, weekend: 0.1, activeHalfWidth: 5, refusals: [{ outcome: "BUDGET_EXCEEDED", rate: 1, from: stagingBudgetHit, to: periodStart(now) }] },
    },
    { ref: "laptop", name: "Dana's laptop", environment: "development", by: "developer", createdAgo: 27 * DAY, expiresAfter: 30 * DAY, profile: { peakPerHour: 6, peakHourUtc: 14, weekend: 0.05, activeHalfWidth: 4 } },
    {
      ref: "ci", name: "CI smoke tests", environment: "development", by: "admin", createdAgo: 37 * DAY, expiresAfter: 30 * DAY,
      profile: {
        peakPerHour: 8, peakHourUtc: 12, weekend: 0.3, activeHalfWidth: 6, models: [["claude-haiku-4-5", 1]],
        refusals: [{ outcome: "MODEL_NOT_ALLOWED", rate: 0.01, model: "claude-sonnet-5" }],
      },
      policy: { allowedModels: ["claude-haiku-4-5"], rpmLimit: 60, tpmLimit: 100_000 },
    },
  ];

  const keys: Record<string, SeededKey> = {};
  let sampleSecret = "";
  for (const plan of plans) {
    const secret = generateKey(plan.environment);
    const createdAt = now - plan.createdAgo;
    const expiresAt = plan.expiresAfter === null ? null : createdAt + plan.expiresAfter;
    const policy: KeyPolicy = { ...OPEN_POLICY, ...plan.policy };
    const row = await db.apiKey.create({
      data: {
        teamId: team.id, name: plan.name, environment: plan.environment, ...visibleParts(secret), hash: hashKey(secret),
        createdById: users[plan.by].id, createdAt: new Date(createdAt), expiresAt: expiresAt === null ? null : new Date(expiresAt),
        ...policyColumns(policy),
      },
    });
    if (plan.ref === "staging") sampleSecret = secret;
    const label = `${row.name} (${row.prefix}…${row.last4})`;
    keys[plan.ref] = { id: row.id, teamId: team.id, name: plan.name, label, environment: plan.environment, createdAt, expiresAt, revokedAt: null, profile: plan.profile, policy };
    await audit(plan.by, createdAt, {
      action: "key.created", targetType: "key", targetId: row.id, targetLabel: label,
      metadata: { name: row.name, environment: row.environment, expiresAt: row.expiresAt?.toISOString() ?? null, prefix: row.prefix },
    });
    if (plan.policy) {
      await audit(plan.by, createdAt + HOUR, { action: "key.policy_changed", targetType: "key", targetId: row.id, targetLabel: label, metadata: { before: OPEN_POLICY, after: policy } });
    }
  }

  // The mobile key was rotated with a 24-hour overlap; the legacy key was revoked.
  const old = keys.mobileOld;
  old.revokedAt = rotatedAt + overlap;
  const oldRow = await db.apiKey.update({ where: { id: old.id }, data: { revokedAt: new Date(old.revokedAt), rotatedToId: keys.mobileNew.id } });
  await audit("developer", rotatedAt, {
    action: "key.rotated", targetType: "key", targetId: old.id, targetLabel: `${oldRow.name} (${oldRow.prefix}…${oldRow.last4})`,
    metadata: { name: oldRow.name, environment: oldRow.environment, newKeyId: keys.mobileNew.id, overlap: "24h", oldSecretValidUntil: new Date(old.revokedAt).toISOString() },
  });
  const legacy = keys.legacy;
  legacy.revokedAt = now - 8 * DAY - 3 * HOUR;
  const legacyRow = await db.apiKey.update({ where: { id: legacy.id }, data: { revokedAt: new Date(legacy.revokedAt) } });
  await audit("owner", legacy.revokedAt, {
    action: "key.revoked", targetType: "key", targetId: legacy.id, targetLabel: `${legacyRow.name} (${legacyRow.prefix}…${legacyRow.last4})`,
    metadata: { name: legacyRow.name, environment: legacyRow.environment },
  });

  return { team, keys, sampleSecret, audit };
}
