import type { PrismaClient } from "@/lib/db/generated/client.ts";
import type { AgencyLogQuery } from "./agency-log-query.ts";
import { agencyLogWhere, keysetBefore } from "./list-agency-deliveries.ts";

const COLUMNS = [
  "delivery_id",
  "created_at",
  "webhook_id",
  "webhook_name",
  "event_id",
  "event_type",
  "status",
  "attempts",
  "last_status_code",
  "last_error_class",
  "last_duration_ms",
  "next_attempt_at",
  "completed_at",
  "resent_from_id",
  "is_test",
] as const;
const BATCH = 1_000;

// RFC 4180, and a leading = + - @ is quoted with a ' so a spreadsheet does not run it as a formula.
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The filtered view as CSV, produced a batch of 1,000 rows at a time (keyset order, newest
 * first) as the client reads: memory stays flat however many deliveries match.
 */
export async function* deliveriesCsv(
  prisma: PrismaClient,
  args: { agencyId: string; query: Omit<AgencyLogQuery, "cursor" | "limit"> },
): AsyncGenerator<string> {
  const where = await agencyLogWhere(prisma, args.agencyId, args.query);
  yield `${COLUMNS.join(",")}\r\n`;
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: Awaited<ReturnType<typeof page>> = await page(cursor);
    if (rows.length === 0) return;
    yield rows
      .map(
        (d) =>
          [
            d.id,
            d.createdAt,
            d.webhookId,
            d.webhook.name,
            d.eventId,
            d.eventType,
            d.status,
            d.attemptCount,
            d.lastStatusCode,
            d.lastErrorClass,
            d.lastDurationMs,
            d.nextAttemptAt,
            d.completedAt,
            d.resentFromId,
            d.isTest,
          ]
            .map(cell)
            .join(",") + "\r\n",
      )
      .join("");
    const last = rows.at(-1)!;
    cursor = { createdAt: last.createdAt, id: last.id };
    if (rows.length < BATCH) return;
  }

  function page(after: { createdAt: Date; id: string } | null) {
    return prisma.delivery.findMany({
      where: after ? { AND: [where, keysetBefore(after)] } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: BATCH,
      include: { webhook: { select: { name: true } } },
    });
  }
}
