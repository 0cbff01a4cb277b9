import type { DeliveryStatus, PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import type { ErrorClass } from "./classify-error.ts";
import { recordAttempt, type AttemptTrigger } from "./record-attempt.ts";
import { reserveAttempt } from "./reserve-attempt.ts";
import {
  decideAfterManualAttempt,
  decideNextStep,
  retryPolicyFromConfig,
  type RetryDecision,
  type RetryPolicy,
} from "./retry-schedule.ts";
import { sendWebhook } from "./send-webhook.ts";
import { mergeHeaders, signPayload } from "./sign-payload.ts";
import type { Resolver } from "./url-guard.ts";
import { buildPayloadBody, orderedEventData } from "./webhook-payload.ts";
import { decryptSecret } from "./webhook-secret.ts";
import { disableWebhookAutomatically, failingReason, pauseIfEndpointDisabled } from "./webhook-status.ts";
import { storedHeaders } from "./webhook-view.ts";

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
};

export type AttemptSkipped = {
  kind: "skipped";
  reason: "not_found" | "already_succeeded" | "endpoint_disabled";
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
export type AttemptDeliveryResult = AttemptSkipped | AttemptMade;

/** Load, sign, guard, POST, record: one attempt of one delivery. */
export async function attemptDelivery(prisma: PrismaClient, args: AttemptDeliveryArgs): Promise<AttemptDeliveryResult> {
  const now = new Date();
  const delivery = await reserveAttempt(prisma, args);
  if (!delivery) return { kind: "skipped", reason: "not_found", message: "Delivery not found" };
  const number = delivery.number;
  if (number === null && args.trigger === "auto" && delivery.status === "succeeded") {
    return { kind: "skipped", reason: "already_succeeded", message: "Already delivered" };
  }
  if (number === null) {
    if (args.trigger === "auto") await pauseIfEndpointDisabled(prisma, args);
    return { kind: "skipped", reason: "endpoint_disabled", message: "The webhook is disabled; enable it to deliver" };
  }
  const { webhook, event } = delivery;
  const secrets = [decryptSecret(webhook.secretEnc)];
  if (webhook.previousSecretEnc && webhook.previousSecretUntil && webhook.previousSecretUntil > now) {
    secrets.push(decryptSecret(webhook.previousSecretEnc));
  }
  const body = buildPayloadBody({
    eventId: event.id,
    eventType: event.type,
    occurredAt: event.occurredAt,
    data: orderedEventData(event.type, event.data),
  });
  const signed = signPayload({
    body,
    eventId: event.id,
    eventType: event.type,
    deliveryId: delivery.id,
    attempt: number,
    secrets,
  });
  const headers = mergeHeaders(storedHeaders(webhook), signed);
  const result = await sendWebhook({
    url: webhook.url,
    headers,
    body,
    timeoutMs: args.timeoutMs ?? config().timeoutMs,
    allowPrivateUrls: args.allowPrivateUrls ?? config().allowPrivateUrls,
    resolve: args.resolve,
  });

  const outcome = { ok: result.ok, statusCode: result.statusCode, retryAfter: result.responseHeaders?.["retry-after"] };
  // Test sends never retry and never pause the endpoint: they only show the response.
  const decision: RetryDecision =
    args.trigger === "auto"
      ? decideNextStep({
          autoAttempt: args.autoAttempt ?? 1,
          outcome,
          policy: args.policy ?? retryPolicyFromConfig(),
          random: args.random,
        })
      : args.trigger === "manual"
        ? decideAfterManualAttempt(outcome)
        : { action: result.ok ? "done" : "give_up" };

  const finishedAt = new Date();
  // A failed manual retry leaves a still-running automatic schedule in charge.
  const stillRunning = args.trigger === "manual" && decision.action === "give_up" && delivery.status === "pending";
  const deliveryStatus: DeliveryStatus = result.ok
    ? "succeeded"
    : decision.action === "retry" || stillRunning
      ? "pending"
      : "failed";
  const nextAttemptAt =
    decision.action === "retry"
      ? new Date(finishedAt.getTime() + decision.delayMs)
      : stillRunning
        ? delivery.nextAttemptAt
        : null;
  const { attemptId, failingSince } = await recordAttempt(prisma, {
    agencyId: args.agencyId,
    deliveryId: delivery.id,
    webhookId: webhook.id,
    number,
    trigger: args.trigger,
    request: { url: webhook.url, headers, body },
    result,
    deliveryStatus,
    nextAttemptAt,
    affectsHealth: args.trigger !== "test" && !delivery.isTest,
    now: finishedAt,
  });

  let endpointDisabledReason: string | null = null;
  if (decision.action === "disable_endpoint") endpointDisabledReason = decision.reason;
  else if (!result.ok && failingSince && args.trigger !== "test") {
    const afterMs = args.autoDisableAfterMs ?? config().autoDisableAfterMs;
    if (finishedAt.getTime() - failingSince.getTime() >= afterMs) endpointDisabledReason = failingReason(failingSince);
  }
  if (endpointDisabledReason) {
    await disableWebhookAutomatically(prisma, {
      agencyId: args.agencyId,
      webhookId: webhook.id,
      reason: endpointDisabledReason,
      now: finishedAt,
    });
  }
  return {
    kind: "attempted",
    deliveryId: delivery.id,
    attemptId,
    number,
    ok: result.ok,
    statusCode: result.statusCode,
    errorClass: result.errorClass,
    errorMessage: result.errorMessage,
    durationMs: result.durationMs,
    responseHeaders: result.responseHeaders,
    responseBody: result.responseBody,
    responseTruncated: result.responseTruncated,
    deliveryStatus,
    retryInMs: decision.action === "retry" ? decision.delayMs : null,
    endpointDisabledReason,
  };
}
