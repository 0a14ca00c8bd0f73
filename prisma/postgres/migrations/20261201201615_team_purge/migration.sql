-- CreateTable
CREATE TABLE "TeamPurge" (
    "teamId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamPurge_pkey" PRIMARY KEY ("teamId")
);

