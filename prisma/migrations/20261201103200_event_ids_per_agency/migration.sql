-- An event ID is an agency's own idempotency key: unique per agency, never visible to or
-- blockable by another (DESIGN §4). The key becomes (agency_id, id); a delivery points at its
-- event through its own agency_id, which fan-out always set to the event's agency.

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_event_id_fkey";

-- AlterTable
ALTER TABLE "events" DROP CONSTRAINT "events_pkey",
ADD CONSTRAINT "events_pkey" PRIMARY KEY ("agency_id", "id");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_agency_id_event_id_fkey" FOREIGN KEY ("agency_id", "event_id") REFERENCES "events"("agency_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
