/**
 * Where a started Retry Failed job's progress is read (GET /retry-jobs/{jobId}): the Location of
 * the 202 that started it. A path, not a full URL: behind a proxy the app does not know the
 * address its clients use, and a relative Location resolves against theirs (RFC 9110 §10.2.2).
 */
export function retryJobLocation(jobId: string): string {
  return `/api/v1/retry-jobs/${encodeURIComponent(jobId)}`;
}
