import { useFormatters } from "@/components/app/local-format.tsx";
import type { RetryJobView } from "@/lib/webhooks/recovery/retry-job.ts";

const STATUS_TEXT: Record<RetryJobView["status"], string> = {
  running: "Retrying…",
  completed: "Done.",
  cancelled: "Cancelled. Deliveries already retried keep their new result.",
  failed: "The job stopped because of an error on our side. Deliveries already retried keep their new result.",
};

/** n of m, with a bar; announced politely to screen readers as it moves. */
export function RetryJobProgress({ job }: { job: RetryJobView | undefined }) {
  const { number: n } = useFormatters();
  if (!job) return <p className="text-sm text-muted-foreground">Starting…</p>;
  const pct = job.total === 0 ? 100 : Math.min(100, Math.round((job.processed / job.total) * 100));
  return (
    <div className="grid gap-2" data-testid="retry-job-progress">
      <div
        role="progressbar"
        aria-label="Retry Failed progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.processed}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <p aria-live="polite" className="text-sm" data-testid="retry-job-count">
        {n(job.processed)} of {n(job.total)} retried: {n(job.succeeded)} succeeded, {n(job.failed)} failed again
        {job.skipped ? `, ${n(job.skipped)} skipped (no longer failed)` : ""}.
      </p>
      <p className="text-sm text-muted-foreground" data-testid="retry-job-status">
        {STATUS_TEXT[job.status]}
      </p>
    </div>
  );
}
