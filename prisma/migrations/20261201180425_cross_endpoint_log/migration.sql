-- Settings → Webhooks → Deliveries (issue 17, item 3): the agency's log across every endpoint.
CREATE INDEX "deliveries_agency_id_created_at_id_idx" ON "deliveries"("agency_id", "created_at" DESC, "id" DESC);

-- Search by a value anywhere in the payload (an invoice number): a trigram index on the JSON
-- text answers `data::text ILIKE '%…%'`. Prisma cannot declare an expression index, so the
-- schema test lists it (tests/db/schema-matches-migrations.test.ts, INDEXES_OUTSIDE_PRISMA).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "events_data_text_trgm_idx" ON "events" USING gin (("data"::text) gin_trgm_ops);
