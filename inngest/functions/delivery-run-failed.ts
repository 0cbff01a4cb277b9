import { z } from "zod";
import { markDeliveryRunFailed } from "@/lib/webhooks/mark-delivery-run-failed.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

// The way back for a delivery whose run failed: Inngest (and the embedded engine) send
// `inngest/function.failed` once a run's retries are spent, and the SDK runs this handler.
const DeliveryEvent = z.object({ data: z.object({ deliveryId: z.string(), agencyId: z.string() }).loose() }).loose();
const FailedRun = z.object({
  data: z.object({
    error: z.object({ message: z.string().optional() }).loose().optional(),
    event: DeliveryEvent,
    // A batched run's events (Inngest sends them with the failure of a batch).
    events: z.array(DeliveryEvent).optional(),
  }),
});

/** The deliver functions' `onFailure`: marks their still-pending deliveries failed with the run's error. */
export function onDeliveryRunFailed(deps: FunctionDeps = {}) {
  return async ({ event, error }: { event: unknown; error: Error }) => {
    const parsed = FailedRun.safeParse(event);
    if (!parsed.success) return { marked: 0 };
    const reason = parsed.data.data.error?.message ?? error.message;
    const prisma = await prismaOf(deps);
    let marked = 0;
    for (const e of parsed.data.data.events ?? [parsed.data.data.event]) {
      const { deliveryId, agencyId } = e.data;
      if ((await markDeliveryRunFailed(prisma, { agencyId, deliveryId, reason })).marked) marked++;
    }
    return { marked };
  };
}
