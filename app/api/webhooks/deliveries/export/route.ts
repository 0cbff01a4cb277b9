import { managerRoute } from "@/lib/http/define-route.ts";
import { parseAgencyLogQuery } from "@/lib/webhooks/logs/agency-log-query.ts";
import { deliveriesCsv } from "@/lib/webhooks/logs/export-deliveries-csv.ts";

export const dynamic = "force-dynamic";

/** The Deliveries page's filtered view as CSV, streamed a batch at a time (same filters and checks as the page). */
export const GET = managerRoute(async (request, { prisma, agencyId }) => {
  const { cursor: _c, limit: _l, ...query } = parseAgencyLogQuery(request.nextUrl.searchParams);
  const rows = deliveriesCsv(prisma, { agencyId, query });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    // Pull: the next batch is read from the database only when the client has taken the last.
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="deliveries-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
