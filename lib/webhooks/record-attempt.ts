import type { DeliveryStatus, PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids.ts";
import type { SendResult } from "./send-webhook.ts";

export type AttemptTrigger = "auto" | "manual" | "test";

export type RecordAttemptInput = {
  agencyId: string;
  deliveryId: string;
  webhookId: string;
  number: number;
  trigger: AttemptTrigger;
  request: { url: string; headers: Record<string, string>; body: string };
  result: SendResult;
  /** The delivery's state after this attempt, decided by the caller's retry policy. */
  deliveryStatus: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** Test sends say nothing about the endpoint's health. */
  affectsHealth: boolean;
  now?: Date;
};

/**
 * The attempt row, the delivery's summary and the endpoint's failure streak change
 * together in one transaction, so the log and the list never disagree.
 */
export async function recordAttempt(prisma: PrismaClient, input: RecordAttemptInput): Promise<{ attemptId: string; failingSince: Date | null }> {
  const now = input.now ?? new Date();
  const { result } = input;
  const attemptId = newId("att");
  const done = input.deliveryStatus === "succeeded" || input.deliveryStatus === "failed";
  const scope = { id: input.webhookId, agencyId: input.agencyId };
  const health = !input.affectsHealth
    ? []
    : result.ok
      ? // A success ends the failure streak…
        [prisma.webhook.updateMany({ where: scope, data: { failingSince: null } })]
      : // …and the first failure after a success starts one.
        [prisma.webhook.updateMany({ where: { ...scope, failingSince: null }, data: { failingSince: now } })];
  await prisma.$transaction([
    prisma.deliveryAttempt.create({
      data: {
        id: attemptId,
        deliveryId: input.deliveryId,
        webhookId: input.webhookId,
        number: input.number,
        trigger: input.trigger,
        requestUrl: input.request.url,
        requestHeaders: input.request.headers,
        requestBody: input.request.body,
        responseStatus: result.statusCode,
        responseHeaders: result.responseHeaders ?? undefined,
        responseBody: result.responseBody,
        durationMs: result.durationMs,
        errorClass: result.errorClass,
        errorMessage: result.errorMessage,
        createdAt: now,
      },
    }),
    prisma.delivery.updateMany({
      where: { id: input.deliveryId, agencyId: input.agencyId },
      data: {
        status: input.deliveryStatus,
        nextAttemptAt: input.nextAttemptAt,
        lastStatusCode: result.statusCode,
        lastErrorClass: result.errorClass,
        lastDurationMs: result.durationMs,
        completedAt: done ? now : null,
      },
    }),
    ...health,
  ]);
  const row = await prisma.webhook.findFirst({ where: { id: input.webhookId, agencyId: input.agencyId }, select: { failingSince: true } });
  return { attemptId, failingSince: row?.failingSince ?? null };
}
