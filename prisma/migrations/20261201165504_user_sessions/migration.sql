-- Issue 14 item 5: a session ends on the server. Each sign-in gets a row keyed by the SHA-256
-- of a random session ID that rides in the Auth.js JWT; every request looks it up by that key.
-- Sign-out deletes it, a password change deletes the user's other rows, and so does removal
-- from an agency (the trigger below, whichever code path or SQL removes the membership).

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Removal from an agency ends the removed user's sessions.
CREATE FUNCTION "end_sessions_of_removed_member"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "user_sessions" WHERE "user_id" = OLD."user_id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "memberships_end_sessions" AFTER DELETE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "end_sessions_of_removed_member"();
