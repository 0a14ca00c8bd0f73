-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN "ttftMs" INTEGER;

