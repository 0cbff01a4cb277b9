import { apiRoute } from "@/lib/api/api-route.ts";
import { cancelRetryJob } from "@/lib/api/v1/delivery-endpoints.ts";
import { cancelRetryJob as cancel } from "@/lib/webhooks/recovery/retry-job.ts";

export const POST = apiRoute(cancelRetryJob, async ({ prisma, principal, params }) =>
  cancel(prisma, { actor: principal.actor, jobId: params.jobId }),
);
