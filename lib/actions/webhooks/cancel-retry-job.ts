"use server";

import { managerAction } from "@/lib/actions/define-action.ts";
import { actorOf } from "@/lib/audit/record-audit.ts";
import { cancelRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";
import { CancelRetryJobSchema } from "./schemas.ts";

/** Cancel a running Retry Failed job: what was retried stays retried; the rest is left as it is. */
export const cancelRetryJobAction = managerAction(
  { name: "cancel-retry-job", input: CancelRetryJobSchema },
  async ({ jobId }, { prisma, ctx }) => cancelRetryJob(prisma, { actor: actorOf(ctx), jobId }),
);
