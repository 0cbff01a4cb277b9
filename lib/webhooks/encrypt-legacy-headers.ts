import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { encryptAttemptHeaders, encryptHeaders } from "./custom-headers.ts";

// Any constant works; every process of this app uses the same one.
const LOCK_KEY = 7_240_311_907;

function asStringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/**
 * Encrypts the custom header values that were stored in plain text before issue 14 item 12:
 * exactly the rows migration 20261201170826_encrypt_custom_headers listed in
 * plaintext_header_rows, each entry deleted in the transaction that encrypts its row, so a
 * row is never encrypted twice, even with several processes starting at once (they take
 * turns on an advisory lock). Runs at start-up, after the migrations; with nothing listed it
 * is one primary-key probe.
 */
export async function encryptLegacyHeaders(
  prisma: PrismaClient,
  options: { batchSize?: number } = {},
): Promise<{ webhooks: number; attempts: number }> {
  const done = { webhooks: 0, attempts: 0 };
  if (!(await prisma.plaintextHeaderRow.findFirst({ select: { rowId: true } }))) return done;
  for (;;) {
    const count = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      const batch = await tx.plaintextHeaderRow.findMany({ take: options.batchSize ?? 200 });
      for (const entry of batch) {
        if (entry.tableName === "webhooks") {
          const row = await tx.webhook.findUnique({ where: { id: entry.rowId }, select: { headers: true } });
          if (row) {
            const headers = JSON.stringify(encryptHeaders(asStringRecord(row.headers)));
            // Raw SQL: Prisma's update would also move updated_at, and this is no edit.
            await tx.$executeRaw`UPDATE "webhooks" SET "headers" = ${headers}::jsonb WHERE "id" = ${entry.rowId}`;
            done.webhooks++;
          }
        } else if (entry.tableName === "delivery_attempts") {
          const row = await tx.deliveryAttempt.findUnique({
            where: { id: entry.rowId },
            select: { requestHeaders: true },
          });
          if (row) {
            const headers = JSON.stringify(encryptAttemptHeaders(asStringRecord(row.requestHeaders)));
            await tx.$executeRaw`UPDATE "delivery_attempts" SET "request_headers" = ${headers}::jsonb WHERE "id" = ${entry.rowId}`;
            done.attempts++;
          }
        }
        await tx.plaintextHeaderRow.delete({ where: { tableName_rowId: entry } });
      }
      return batch.length;
    });
    if (count === 0) return done;
  }
}
