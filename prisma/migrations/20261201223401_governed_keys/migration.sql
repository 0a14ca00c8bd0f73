-- CreateTable
CREATE TABLE "SpendCounter" (
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "spentMicros" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("scope", "scopeId", "period")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "budgetMicros" BIGINT NOT NULL,
    "spentMicros" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "effectiveFrom" BIGINT NOT NULL,
    "inputPerMTok" INTEGER NOT NULL,
    "outputPerMTok" INTEGER NOT NULL,
    "cacheWritePerMTok" INTEGER NOT NULL,
    "cacheReadPerMTok" INTEGER NOT NULL,
    CONSTRAINT "ModelPrice_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OperatorSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "defaultRpmLimit" INTEGER,
    "defaultTpmLimit" INTEGER,
    "defaultSpendCapMicros" BIGINT,
    "fallbackInputPerMTok" INTEGER NOT NULL DEFAULT 15000000,
    "fallbackOutputPerMTok" INTEGER NOT NULL DEFAULT 75000000,
    "fallbackCacheWritePerMTok" INTEGER NOT NULL DEFAULT 18750000,
    "fallbackCacheReadPerMTok" INTEGER NOT NULL DEFAULT 1500000,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ServiceToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OperatorAuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "targetLabel" TEXT NOT NULL DEFAULT '',
    "before" TEXT NOT NULL DEFAULT 'null',
    "after" TEXT NOT NULL DEFAULT 'null',
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "isOperator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_User" ("createdAt", "email", "id", "name", "passwordHash") SELECT "createdAt", "email", "id", "name", "passwordHash" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "new_Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "suspendedAt" DATETIME,
    "suspendedReason" TEXT NOT NULL DEFAULT '',
    "rpmLimit" INTEGER,
    "tpmLimit" INTEGER,
    "spendCapMicros" BIGINT,
    "budgetMicros" BIGINT,
    "alertThresholds" TEXT NOT NULL DEFAULT '[50,80,100]',
    "alertRoles" TEXT NOT NULL DEFAULT '["owner","admin","billing"]',
    "alertEmails" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Team" ("createdAt", "description", "id", "name", "slug") SELECT "createdAt", "description", "id", "name", "slug" FROM "Team";
DROP TABLE "Team";
ALTER TABLE "new_Team" RENAME TO "Team";
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME,
    "rotatedToId" TEXT,
    "allowedModels" TEXT,
    "rpmLimit" INTEGER,
    "tpmLimit" INTEGER,
    "budgetMicros" BIGINT,
    "ipAllowlist" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "ApiKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_rotatedToId_fkey" FOREIGN KEY ("rotatedToId") REFERENCES "ApiKey" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ApiKey" ("createdAt", "createdById", "environment", "expiresAt", "hash", "id", "last4", "lastUsedAt", "name", "prefix", "revokedAt", "rotatedToId", "teamId") SELECT "createdAt", "createdById", "environment", "expiresAt", "hash", "id", "last4", "lastUsedAt", "name", "prefix", "revokedAt", "rotatedToId", "teamId" FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE UNIQUE INDEX "ApiKey_rotatedToId_key" ON "ApiKey"("rotatedToId");
CREATE INDEX "ApiKey_teamId_createdAt_idx" ON "ApiKey"("teamId", "createdAt");
CREATE TABLE "new_UsageEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "keyId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "ts" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "status" INTEGER,
    "latencyMs" INTEGER,
    "model" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "fallbackPriced" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_UsageEvent" ("id", "inputTokens", "keyId", "kind", "latencyMs", "model", "outcome", "outputTokens", "status", "teamId", "ts") SELECT "id", "inputTokens", "keyId", "kind", "latencyMs", "model", "outcome", "outputTokens", "status", "teamId", "ts" FROM "UsageEvent";
DROP TABLE "UsageEvent";
ALTER TABLE "new_UsageEvent" RENAME TO "UsageEvent";
CREATE INDEX "UsageEvent_keyId_ts_idx" ON "UsageEvent"("keyId", "ts");
CREATE INDEX "UsageEvent_teamId_ts_idx" ON "UsageEvent"("teamId", "ts");
CREATE TABLE "new_UsageRollup" (
    "keyId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucketStart" BIGINT NOT NULL,
    "model" TEXT NOT NULL DEFAULT '',
    "verifications" INTEGER NOT NULL DEFAULT 0,
    "valid" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "revoked" INTEGER NOT NULL DEFAULT 0,
    "rateLimited" INTEGER NOT NULL DEFAULT 0,
    "modelNotAllowed" INTEGER NOT NULL DEFAULT 0,
    "ipNotAllowed" INTEGER NOT NULL DEFAULT 0,
    "budgetExceeded" INTEGER NOT NULL DEFAULT 0,
    "teamSuspended" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "status2xx" INTEGER NOT NULL DEFAULT 0,
    "status4xx" INTEGER NOT NULL DEFAULT 0,
    "status5xx" INTEGER NOT NULL DEFAULT 0,
    "latencyCount" INTEGER NOT NULL DEFAULT 0,
    "latencySum" BIGINT NOT NULL DEFAULT 0,
    "latencyHist" TEXT NOT NULL DEFAULT '[]',
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheReadTokens" BIGINT NOT NULL DEFAULT 0,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "fallbackPriced" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("keyId", "granularity", "bucketStart", "model")
);
INSERT INTO "new_UsageRollup" ("bucketStart", "expired", "granularity", "inputTokens", "keyId", "latencyCount", "latencyHist", "latencySum", "outputTokens", "rateLimited", "requests", "revoked", "status2xx", "status4xx", "status5xx", "teamId", "valid", "verifications") SELECT "bucketStart", "expired", "granularity", "inputTokens", "keyId", "latencyCount", "latencyHist", "latencySum", "outputTokens", "rateLimited", "requests", "revoked", "status2xx", "status4xx", "status5xx", "teamId", "valid", "verifications" FROM "UsageRollup";
DROP TABLE "UsageRollup";
ALTER TABLE "new_UsageRollup" RENAME TO "UsageRollup";
CREATE INDEX "UsageRollup_teamId_granularity_bucketStart_idx" ON "UsageRollup"("teamId", "granularity", "bucketStart");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SpendCounter_teamId_period_idx" ON "SpendCounter"("teamId", "period");

-- CreateIndex
CREATE INDEX "BudgetAlert_teamId_period_idx" ON "BudgetAlert"("teamId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetAlert_scope_scopeId_period_threshold_key" ON "BudgetAlert"("scope", "scopeId", "period", "threshold");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPrice_modelId_effectiveFrom_key" ON "ModelPrice"("modelId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceToken_hash_key" ON "ServiceToken"("hash");

-- CreateIndex
CREATE INDEX "ServiceToken_createdAt_idx" ON "ServiceToken"("createdAt");

-- CreateIndex
CREATE INDEX "OperatorAuditLog_createdAt_idx" ON "OperatorAuditLog"("createdAt");


-- The default catalogue: current Claude models at their public list prices (USD per million tokens, stored in micro-dollars).
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-5', 'Claude Opus 5', 1, 0, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-5', 'claude-opus-5', 0, 5000000, 25000000, 6250000, 500000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-sonnet-5', 'Claude Sonnet 5', 1, 1, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-sonnet-5', 'claude-sonnet-5', 0, 3000000, 15000000, 3750000, 300000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-haiku-4-5', 'Claude Haiku 4.5', 1, 2, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-haiku-4-5', 'claude-haiku-4-5', 0, 1000000, 5000000, 1250000, 100000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-4-5', 'Claude Opus 4.5', 1, 3, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-4-5', 'claude-opus-4-5', 0, 5000000, 25000000, 6250000, 500000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-sonnet-4-5', 'Claude Sonnet 4.5', 1, 4, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-sonnet-4-5', 'claude-sonnet-4-5', 0, 3000000, 15000000, 3750000, 300000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-4-1', 'Claude Opus 4.1', 1, 5, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-4-1', 'claude-opus-4-1', 0, 15000000, 75000000, 18750000, 1500000);
INSERT INTO "OperatorSettings" ("id", "updatedAt") VALUES (1, CURRENT_TIMESTAMP);
