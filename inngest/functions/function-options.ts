import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { db } from "@/lib/db/index.ts";
import type { DeliveryOptions } from "@/lib/webhooks/attempt-delivery.ts";
import type { RetryDue } from "@/lib/webhooks/attempt-batch.ts";
import type { Mailer } from "@/lib/alerts/mailer.ts";
import type { QueueDeliveries } from "@/lib/webhooks/queue-deliveries.ts";

/**
 * What a function factory may be given: production uses the process database and
 * config(); tests pass their own database and a seconds-scale schedule.
 */
export type FunctionDeps = {
  prisma?: () => Promise<PrismaClient>;
  delivery?: DeliveryOptions;
  /** Deliveries in flight per endpoint (default: WEBHOOK_ENDPOINT_CONCURRENCY, 5). */
  endpointConcurrency?: number;
  /** First attempts per batched run (default: WEBHOOK_BATCH_SIZE, 100). */
  batchSize?: number;
  /** Deliveries per step of a Retry Failed job (default 500). */
  retryChunkSize?: number;
  /** Where a failed first attempt goes (default: a `webhooks/delivery.retry` event). */
  retryLater?: (due: RetryDue) => Promise<void>;
  /** How the fan-out starts delivery runs (default: `webhooks/delivery.created` events). */
  queueDeliveries?: QueueDeliveries;
  /** How alert emails go out (default: SMTP from SMTP_URL, or none). */
  mailer?: () => Mailer | null;
};

export function prismaOf(deps: FunctionDeps): Promise<PrismaClient> {
  return deps.prisma ? deps.prisma() : db();
}
