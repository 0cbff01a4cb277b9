-- Issue 14 item 12: custom header values are encrypted at rest (AES-256-GCM, like the signing
-- secret), on the endpoint and in each attempt's stored request headers. SQL cannot encrypt
-- (the key is never in the database), so this migration lists the rows written in plain text
-- before it, and the app encrypts exactly those at start-up (lib/webhooks/encrypt-legacy-headers.ts),
-- deleting each entry as it goes; an empty list costs one index probe per start. Rows written
-- after this migration are encrypted by the code that writes them and never listed.

-- CreateTable
CREATE TABLE "plaintext_header_rows" (
    "table_name" TEXT NOT NULL,
    "row_id" TEXT NOT NULL,

    CONSTRAINT "plaintext_header_rows_pkey" PRIMARY KEY ("table_name","row_id")
);

-- Every endpoint with custom headers.
INSERT INTO "plaintext_header_rows" ("table_name", "row_id")
SELECT 'webhooks', "id" FROM "webhooks" WHERE "headers" <> '{}'::jsonb;

-- Every attempt that sent a custom header: a name that is not one of ours (the same list as
-- isReservedHeader in lib/webhooks/webhook-input-rules.ts).
INSERT INTO "plaintext_header_rows" ("table_name", "row_id")
SELECT 'delivery_attempts', a."id" FROM "delivery_attempts" a
WHERE jsonb_typeof(a."request_headers") = 'object' AND EXISTS (
  SELECT 1 FROM jsonb_object_keys(a."request_headers") AS k(name)
  WHERE lower(k.name) NOT IN ('content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature',
                              'host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade',
                              'expect', 'te', 'trailer')
    AND lower(k.name) NOT LIKE 'x-aosai-%'
);
