-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UsageRollup" (
    "keyId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucketStart" BIGINT NOT NULL,
    "verifications" INTEGER NOT NULL DEFAULT 0,
    "valid" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "revoked" INTEGER NOT NULL DEFAULT 0,
    "rateLimited" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "status2xx" INTEGER NOT NULL DEFAULT 0,
    "status4xx" INTEGER NOT NULL DEFAULT 0,
    "status5xx" INTEGER NOT NULL DEFAULT 0,
    "latencyCount" INTEGER NOT NULL DEFAULT 0,
    "latencySum" BIGINT NOT NULL DEFAULT 0,
    "latencyHist" TEXT NOT NULL DEFAULT '[]',
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("keyId", "granularity", "bucketStart")
);
INSERT INTO "new_UsageRollup" ("bucketStart", "expired", "granularity", "inputTokens", "keyId", "latencyCount", "latencyHist", "latencySum", "outputTokens", "rateLimited", "requests", "revoked", "status2xx", "status4xx", "status5xx", "teamId", "valid", "verifications") SELECT "bucketStart", "expired", "granularity", "inputTokens", "keyId", "latencyCount", "latencyHist", "latencySum", "outputTokens", "rateLimited", "requests", "revoked", "status2xx", "status4xx", "status5xx", "teamId", "valid", "verifications" FROM "UsageRollup";
DROP TABLE "UsageRollup";
ALTER TABLE "new_UsageRollup" RENAME TO "UsageRollup";
CREATE INDEX "UsageRollup_teamId_granularity_bucketStart_idx" ON "UsageRollup"("teamId", "granularity", "bucketStart");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

