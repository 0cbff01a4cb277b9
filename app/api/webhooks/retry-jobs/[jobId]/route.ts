import { NextResponse } from "next/server";
import { z } from "zod";
import { managerRoute } from "@/lib/http/define-route.ts";
import { getRetryJob } from "@/lib/webhooks/recovery/retry-job.ts";

export const dynamic = "force-dynamic";

const Params = z.object({ jobId: z.string().min(1).max(100) });

/** A Retry Failed job's progress (n of m), polled by the dialog. Another agency's job is a 404. */
export const GET = managerRoute<{ jobId: string }>(async (_request, { prisma, agencyId, params }) => {
  const { jobId } = Params.parse(params);
  return NextResponse.json(await getRetryJob(prisma, { agencyId, jobId }));
});
