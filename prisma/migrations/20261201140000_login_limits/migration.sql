-- Issue 14 items 2 and 9: the sign-in limits move from one row per failure (login_attempts,
-- never deleted, keys of any length chosen by the caller) to counters that expire, with keys
-- of bounded length (hashes and canonical addresses), pruned by their expiry.

-- DropTable
DROP TABLE "login_attempts";

-- CreateTable
CREATE TABLE "login_limits" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMPTZ(3),

    CONSTRAINT "login_limits_pkey" PRIMARY KEY ("key"),
    -- The code builds keys far shorter; this holds if a bug ever lets a caller's text through.
    CONSTRAINT "login_limits_key_length" CHECK (length("key") <= 200)
);

-- CreateIndex
CREATE INDEX "login_limits_expire_idx" ON "login_limits"("expire");
