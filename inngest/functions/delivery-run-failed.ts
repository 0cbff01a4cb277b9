import { z } from "zod";
import { markDeliveryRunFailed } from "@/lib/webhooks/mark-delivery-run-failed.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

// The way back for a delivery whose run failed: Inngest (and the embedded engine) send
// `inngest/function.failed` once a run's retries are spent, and the SDK runs this handler.
const FailedRun = z.object({
  data: z.object({
    error: z.object({ message: z.string().optional() }).loose().optional(),
    event: z.object({ data: z.object({ deliveryId: z.string(), agencyId: z.string() }).loose() }).loose(),
  }),
});

/** The deliver function's `onFailure`: marks its delivery failed with the run's error. */
export function onDeliveryRunFailed(deps: FunctionDeps = {}) {
  return async ({ event, error }: { event: unknown; error: Error }) => {
    const parsed = FailedRun.safeParse(event);
    if (!parsed.success) return { marked: false, reason: "not a delivery run" };
    const { deliveryId, agencyId } = parsed.data.data.event.data;
    const reason = parsed.data.data.error?.message ?? error.message;
    return markDeliveryRunFailed(await prismaOf(deps), { agencyId, deliveryId, reason });
  };
}
