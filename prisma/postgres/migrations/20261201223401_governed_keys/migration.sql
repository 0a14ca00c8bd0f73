-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isOperator" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "alertEmails" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "alertRoles" TEXT NOT NULL DEFAULT '["owner","admin","billing"]',
ADD COLUMN     "alertThresholds" TEXT NOT NULL DEFAULT '[50,80,100]',
ADD COLUMN     "budgetMicros" BIGINT,
ADD COLUMN     "rpmLimit" INTEGER,
ADD COLUMN     "spendCapMicros" BIGINT,
ADD COLUMN     "suspendedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedReason" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tpmLimit" INTEGER;

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedModels" TEXT,
ADD COLUMN     "budgetMicros" BIGINT,
ADD COLUMN     "ipAllowlist" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "rpmLimit" INTEGER,
ADD COLUMN     "tpmLimit" INTEGER;

-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN     "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "costMicros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "fallbackPriced" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "UsageRollup" DROP CONSTRAINT "UsageRollup_pkey",
ADD COLUMN     "budgetExceeded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cacheReadTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "cacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "costMicros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "fallbackPriced" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ipNotAllowed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "model" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "modelNotAllowed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "teamSuspended" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("keyId", "granularity", "bucketStart", "model");

-- CreateTable
CREATE TABLE "SpendCounter" (
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "spentMicros" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "SpendCounter_pkey" PRIMARY KEY ("scope","scopeId","period")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "budgetMicros" BIGINT NOT NULL,
    "spentMicros" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "effectiveFrom" BIGINT NOT NULL,
    "inputPerMTok" INTEGER NOT NULL,
    "outputPerMTok" INTEGER NOT NULL,
    "cacheWritePerMTok" INTEGER NOT NULL,
    "cacheReadPerMTok" INTEGER NOT NULL,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperatorSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "defaultRpmLimit" INTEGER,
    "defaultTpmLimit" INTEGER,
    "defaultSpendCapMicros" BIGINT,
    "fallbackInputPerMTok" INTEGER NOT NULL DEFAULT 15000000,
    "fallbackOutputPerMTok" INTEGER NOT NULL DEFAULT 75000000,
    "fallbackCacheWritePerMTok" INTEGER NOT NULL DEFAULT 18750000,
    "fallbackCacheReadPerMTok" INTEGER NOT NULL DEFAULT 1500000,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ServiceToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperatorAuditLog" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorAuditLog_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The default catalogue: current Claude models at their public list prices (USD per million tokens, stored in micro-dollars).
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-5', 'Claude Opus 5', true, 0, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-5', 'claude-opus-5', 0, 5000000, 25000000, 6250000, 500000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-sonnet-5', 'Claude Sonnet 5', true, 1, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-sonnet-5', 'claude-sonnet-5', 0, 3000000, 15000000, 3750000, 300000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-haiku-4-5', 'Claude Haiku 4.5', true, 2, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-haiku-4-5', 'claude-haiku-4-5', 0, 1000000, 5000000, 1250000, 100000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-4-5', 'Claude Opus 4.5', true, 3, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-4-5', 'claude-opus-4-5', 0, 5000000, 25000000, 6250000, 500000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-sonnet-4-5', 'Claude Sonnet 4.5', true, 4, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-sonnet-4-5', 'claude-sonnet-4-5', 0, 3000000, 15000000, 3750000, 300000);
INSERT INTO "Model" ("id", "displayName", "enabled", "sortOrder", "createdAt") VALUES ('claude-opus-4-1', 'Claude Opus 4.1', true, 5, CURRENT_TIMESTAMP);
INSERT INTO "ModelPrice" ("id", "modelId", "effectiveFrom", "inputPerMTok", "outputPerMTok", "cacheWritePerMTok", "cacheReadPerMTok") VALUES ('seed-claude-opus-4-1', 'claude-opus-4-1', 0, 15000000, 75000000, 18750000, 1500000);
INSERT INTO "OperatorSettings" ("id", "updatedAt") VALUES (1, CURRENT_TIMESTAMP);
