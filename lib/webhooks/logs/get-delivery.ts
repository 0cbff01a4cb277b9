import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { AppError } from "@/lib/errors/app-error.ts";
import { maskAttemptHeaders } from "../custom-headers.ts";
import { toDeliveryRow } from "./list-deliveries.ts";
import type { DeliveryDetail } from "./log-query.ts";

function asStringRecord(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** A delivery with every attempt, oldest attempt first; NOT_FOUND when not this agency's (or, when given, this webhook's). */
export async function getDeliveryDetail(
  prisma: PrismaClient,
  args: { agencyId: string; webhookId?: string; deliveryId: string },
): Promise<DeliveryDetail> {
  const row = await prisma.delivery.findFirst({
    where: { id: args.deliveryId, agencyId: args.agencyId, ...(args.webhookId ? { webhookId: args.webhookId } : {}) },
    include: { attempts: { orderBy: [{ number: "asc" }, { createdAt: "asc" }] } },
  });
  if (!row) throw new AppError("NOT_FOUND", "Delivery not found.");
  return {
    ...toDeliveryRow(row),
    webhookId: row.webhookId,
    attempts: row.attempts.map((a) => ({
      id: a.id,
      number: a.number,
      trigger: a.trigger,
      requestUrl: a.requestUrl,
      // Custom header values are stored encrypted and shown masked; "Reveal values" decrypts them, on record.
      requestHeaders: maskAttemptHeaders(a.requestHeaders),
      requestBody: a.requestBody,
      responseStatus: a.responseStatus,
      responseHeaders: asStringRecord(a.responseHeaders),
      responseBody: a.responseBody,
      durationMs: a.durationMs,
      errorClass: a.errorClass,
      errorMessage: a.errorMessage,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
