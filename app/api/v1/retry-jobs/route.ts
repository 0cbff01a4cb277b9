import { apiRoute } from "@/lib/api/api-route.ts";
import { startRetryJob } from "@/lib/api/v1/delivery-endpoints.ts";
import { retryJobLocation } from "@/lib/api/v1/retry-job-location.ts";
import { startRetryJob as start } from "@/lib/webhooks/recovery/start-retry-job.ts";

export const POST = apiRoute(startRetryJob, async ({ prisma, principal, body, setHeader }) => {
  const job = await start(prisma, {
    actor: principal.actor,
    selection: { ...body, from: new Date(body.from), to: new Date(body.to) },
  });
  setHeader("Location", retryJobLocation(job.id));
  return job;
});
