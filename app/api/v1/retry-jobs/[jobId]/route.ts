import { apiRoute } from "@/lib/api/api-route.ts";
import { getRetryJob } from "@/lib/api/v1/delivery-endpoints.ts";
import { getRetryJob as findJob } from "@/lib/webhooks/recovery/retry-job.ts";

export const GET = apiRoute(getRetryJob, async ({ prisma, principal, params }) =>
  findJob(prisma, { agencyId: principal.agencyId, jobId: params.jobId }),
);
