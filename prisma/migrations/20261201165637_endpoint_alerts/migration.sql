-- Failure alerts: each state change of an endpoint (failing, a day before automatic disabling,
-- disabled, recovered) is one endpoint_alerts row, with one notification per owner and admin
-- carrying where that person's email stands; user_preferences holds how each person wants alert
-- emails and their locale and time zone.
CREATE TYPE "EndpointAlertKind" AS ENUM ('failing', 'disabling_soon', 'disabled', 'recovered');
CREATE TYPE "AlertEmailMode" AS ENUM ('off', 'immediate', 'daily');
CREATE TYPE "AlertEmailStatus" AS ENUM ('none', 'pending', 'digest', 'sent');

-- The state last announced, on the row the attempt statement already reads: deciding whether a
-- success is a recovery costs the hot path nothing.
ALTER TABLE "webhooks" ADD COLUMN "alert_state" "EndpointAlertKind";

CREATE TABLE "endpoint_alerts" (
    "id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "kind" "EndpointAlertKind" NOT NULL,
    "webhook_name" TEXT NOT NULL,
    "webhook_url" TEXT NOT NULL,
    "error_class" TEXT,
    "status_code" INTEGER,
    "error_message" TEXT,
    "failing_since" TIMESTAMPTZ(3),
    "disable_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "endpoint_alerts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "email_status" "AlertEmailStatus" NOT NULL DEFAULT 'none',
    "emailed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "user_preferences" (
    "user_id" TEXT NOT NULL,
    "alert_emails" "AlertEmailMode" NOT NULL DEFAULT 'immediate',
    "locale" TEXT,
    "time_zone" TEXT,
    "last_digest_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_preferences_pkey" PRIMARY KEY ("user_id")
);

CREATE INDEX "endpoint_alerts_webhook_id_created_at_idx" ON "endpoint_alerts"("webhook_id", "created_at");
CREATE UNIQUE INDEX "notifications_alert_id_user_id_key" ON "notifications"("alert_id", "user_id");
CREATE INDEX "notifications_user_id_agency_id_created_at_idx" ON "notifications"("user_id", "agency_id", "created_at" DESC);
CREATE INDEX "notifications_email_status_created_at_idx" ON "notifications"("email_status", "created_at");

ALTER TABLE "endpoint_alerts" ADD CONSTRAINT "endpoint_alerts_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "endpoint_alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
