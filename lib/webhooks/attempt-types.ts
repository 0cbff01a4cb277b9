import type { DeliveryStatus } from "@/lib/db/generated/client.ts";
import type { RunFence } from "@/lib/engine/held-runs.ts";
import type { ErrorClass } from "./classify-error.ts";
import type { AttemptTrigger } from "./record-attempt.ts";
import type { RetryPolicy } from "./retry-schedule.ts";
import type { Resolver } from "./url-guard.ts";

/** Knobs that default to config(); tests pass seconds-scale schedules and short timeouts. */
export type DeliveryOptions = {
  policy?: RetryPolicy;
  timeoutMs?: number;
  allowPrivateUrls?: boolean;
  resolve?: Resolver;
  autoDisableAfterMs?: number;
  random?: () => number;
};

export type AttemptDeliveryArgs = DeliveryOptions & {
  agencyId: string;
  deliveryId: string;
  trigger: AttemptTrigger;
  /** 1-based index in the automatic schedule (auto trigger only). */
  autoAttempt?: number;
  /** Retry Failed: skip (`not_failed`) a delivery whose last attempt did not fail by the time it is reached. */
  onlyIfFailed?: boolean;
  /**
   * An embedded engine run's step (automatic attempts): it reserves, sends and records only
   * while this process still holds the run under this lease; once another process does, this
   * one stops (`run_taken_over`) and the run's new holder makes the attempt.
   */
  fence?: RunFence | null;
  /**
   * Called once the request has its answer (or failed), before the attempt is recorded: a
   * caller that limits the requests in flight to an endpoint frees the slot there.
   */
  afterSend?: () => void;
};

export type AttemptSkipped = {
  kind: "skipped";
  /** `in_flight`: another attempt of it (a manual retry, or the automatic one) is being sent. */
  reason: "not_found" | "already_succeeded" | "endpoint_disabled" | "in_flight" | "not_failed" | "run_taken_over";
  message: string;
};
// Plain JSON: an Inngest step memoizes it.
export type AttemptMade = {
  kind: "attempted";
  deliveryId: string;
  attemptId: string;
  number: number;
  ok: boolean;
  statusCode: number | null;
  errorClass: ErrorClass | null;
  errorMessage: string | null;
  durationMs: number;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  responseTruncated: boolean;
  deliveryStatus: DeliveryStatus;
  /** Wait before the next automatic attempt; null when none follows. */
  retryInMs: number | null;
  /** Set when this attempt paused the endpoint (410, or failing too long). */
  endpointDisabledReason: string | null;
};
/** The step ran before and its attempt is in the log: the delivery's state as that attempt left it. */
export type AttemptRecorded = {
  kind: "recorded";
  deliveryId: string;
  number: number;
  deliveryStatus: DeliveryStatus;
  retryInMs: number | null;
};
export type AttemptDeliveryResult = AttemptSkipped | AttemptMade;
