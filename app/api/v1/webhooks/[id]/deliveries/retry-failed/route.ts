import { apiRoute } from "@/lib/api/api-route.ts";
import { retryFailedDeliveries } from "@/lib/api/v1/delivery-endpoints.ts";
import { retryJobLocation } from "@/lib/api/v1/retry-job-location.ts";
import { startRetryJob } from "@/lib/webhooks/recovery/start-retry-job.ts";

export const POST = apiRoute(retryFailedDeliveries, async ({ prisma, principal, params, body, setHeader }) => {
  const job = await startRetryJob(prisma, {
    actor: principal.actor,
    selection: { ...body, webhookId: params.id, from: new Date(body.from), to: new Date(body.to) },
  });
  setHeader("Location", retryJobLocation(job.id));
  return job;
});
