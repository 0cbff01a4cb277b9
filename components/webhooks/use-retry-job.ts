"use client";

import { useQuery } from "@tanstack/react-query";
import type { RetryJobView } from "@/lib/webhooks/recovery/retry-job.ts";
import { fetchJson } from "./fetch-json.ts";

export const RETRY_JOB_POLL_MS = 1_000;

/** A Retry Failed job's progress, polled every second while it runs. */
export function useRetryJob(jobId: string | null) {
  return useQuery({
    queryKey: ["webhooks", "retry-jobs", jobId],
    queryFn: () => fetchJson<RetryJobView>(`/api/webhooks/retry-jobs/${jobId}`),
    enabled: jobId !== null,
    retry: false,
    refetchInterval: (q) => (!q.state.data || q.state.data.status === "running" ? RETRY_JOB_POLL_MS : false),
  });
}
