import type { DeliveryStatus, PrismaClient } from "@/lib/db/generated/client.ts";
import type { AttemptDeliveryArgs, AttemptDeliveryResult, AttemptRecorded, AttemptSkipped } from "./attempt-types.ts";
import { heldInDatabase, holdsConfirmed } from "@/lib/engine/held-runs.ts";
import { alertOnAttempt } from "@/lib/alerts/endpoint-health-alerts.ts";
import { config } from "@/lib/config/index.ts";
import { recordAttempt } from "./record-attempt.ts";
import { reserveAttempt, type ReservedDelivery } from "./reserve-attempt.ts";
import {
  decideAfterManualAttempt,
  decideNextStep,
  retryPolicyFromConfig,
  type RetryDecision,
} from "./retry-schedule.ts";
import { sendWebhook } from "./send-webhook.ts";
import { mergeHeaders, signPayload } from "./sign-payload.ts";
import { payloadBodyOf } from "./webhook-payload.ts";
import { decryptSecret } from "./webhook-secret.ts";
import { disableWebhookAutomatically, failingReason, pauseIfEndpointDisabled } from "./webhook-status.ts";
import { decryptHeaders, encryptAttemptHeaders } from "./custom-headers.ts";

export type {
  AttemptDeliveryArgs,
  AttemptDeliveryResult,
  AttemptMade,
  AttemptRecorded,
  AttemptSkipped,
  DeliveryOptions,
} from "./attempt-types.ts";

/** Load, sign, guard, POST, record: one attempt of one delivery. */
export async function attemptDelivery(prisma: PrismaClient, args: AttemptDeliveryArgs): Promise<AttemptDeliveryResult> {
  return attemptReserved(prisma, args, await reserveAttempt(prisma, { ...args, inFlightMs: inFlightMs(args) }));
}

// An attempt reserved by another process counts as in flight for the send timeout plus a margin.
function inFlightMs(args: AttemptDeliveryArgs): number {
  return (args.timeoutMs ?? config().timeoutMs) + 15_000;
}

/**
 * An automatic attempt made by a run's step, named by `token` (the run and the attempt): if the
 * step runs again after a crash, it re-sends the same attempt number when that attempt was in
 * flight, and sends nothing when it was recorded (see reserveAttempt).
 */
export async function attemptAutomatically(
  prisma: PrismaClient,
  args: Omit<AttemptDeliveryArgs, "trigger"> & { token: string },
): Promise<AttemptDeliveryResult | AttemptRecorded> {
  const auto = { ...args, trigger: "auto" as const };
  const delivery = await reserveAttempt(prisma, { ...auto, inFlightMs: inFlightMs(auto) });
  if (delivery?.fenced) return takenOver;
  if (delivery?.recorded && delivery.number !== null) {
    const retryInMs =
      delivery.status === "pending" && delivery.nextAttemptAt
        ? Math.max(0, delivery.nextAttemptAt.getTime() - Date.now())
        : null;
    return {
      kind: "recorded",
      deliveryId: delivery.id,
      number: delivery.number,
      deliveryStatus: delivery.status,
      retryInMs,
    };
  }
  return attemptReserved(prisma, auto, delivery);
}

const takenOver: AttemptSkipped = {
  kind: "skipped",
  reason: "run_taken_over",
  message: "Another process drives this run now",
};

async function attemptReserved(
  prisma: PrismaClient,
  args: AttemptDeliveryArgs,
  delivery: ReservedDelivery | null,
): Promise<AttemptDeliveryResult> {
  const now = new Date();
  if (!delivery) return { kind: "skipped", reason: "not_found", message: "Delivery not found" };
  const number = delivery.number;
  if (number === null && delivery.refusal === "succeeded") {
    return { kind: "skipped", reason: "already_succeeded", message: "Already delivered" };
  }
  if (number === null && delivery.refusal === "in_flight") {
    return {
      kind: "skipped",
      reason: "in_flight",
      message: "Another attempt of this delivery is in progress; its result will appear in the log.",
    };
  }
  if (number === null && delivery.refusal === "not_failed") {
    return { kind: "skipped", reason: "not_failed", message: "This delivery has not failed" };
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
  const body = payloadBodyOf(args.agencyId, event);
  const signed = signPayload({
    body,
    eventId: event.id,
    eventType: event.type,
    deliveryId: delivery.id,
    attempt: number,
    secrets,
  });
  // The real values are sent; the log keeps them encrypted (custom-headers.ts).
  const headers = mergeHeaders(decryptHeaders(webhook.headers), signed);
  // Paused past the lease since the reservation? Then the run's new holder sends this attempt.
  // (Confirmed in memory almost always: then no await.)
  if (args.fence && !holdsConfirmed(args.fence) && !(await heldInDatabase(prisma, args.fence))) return takenOver;
  const result = await sendWebhook({
    url: webhook.url,
    headers,
    body,
    timeoutMs: args.timeoutMs ?? config().timeoutMs,
    allowPrivateUrls: args.allowPrivateUrls ?? config().allowPrivateUrls,
    resolve: args.resolve,
  });
  args.afterSend?.();

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
  const affectsHealth = args.trigger !== "test" && !delivery.isTest;
  const { attemptId, failingSince, alertState, fenced } = await recordAttempt(prisma, {
    agencyId: args.agencyId,
    deliveryId: delivery.id,
    webhookId: webhook.id,
    number,
    trigger: args.trigger,
    request: { url: webhook.url, headers: encryptAttemptHeaders(headers), body },
    result,
    deliveryStatus,
    nextAttemptAt,
    affectsHealth,
    now: finishedAt,
    fence: args.fence,
  });
  // The run was taken over meanwhile: its new holder sends this attempt again and logs it.
  if (fenced) return takenOver;

  let endpointDisabledReason: string | null = null;
  if (decision.action === "disable_endpoint") endpointDisabledReason = decision.reason;
  else if (!result.ok && failingSince && args.trigger !== "test") {
    const afterMs = args.autoDisableAfterMs ?? config().autoDisableAfterMs;
    if (finishedAt.getTime() - failingSince.getTime() >= afterMs) endpointDisabledReason = failingReason(failingSince);
  }
  const error = { errorClass: result.errorClass, statusCode: result.statusCode, errorMessage: result.errorMessage };
  if (endpointDisabledReason) {
    await disableWebhookAutomatically(prisma, {
      agencyId: args.agencyId,
      webhookId: webhook.id,
      reason: endpointDisabledReason,
      now: finishedAt,
      error,
    });
  } else if (affectsHealth && !(result.ok && alertState === null)) {
    // (A success on an endpoint with no alert standing announces nothing: alertOnAttempt's
    // first check, made here so the usual delivery does not cost an async call and its catch.)
    // Disabling is its own alert: an attempt that disables (a 410) does not also say "failing".
    // The attempt is recorded either way: an alert that cannot be written is logged, not retried.
    await alertOnAttempt(prisma, {
      agencyId: args.agencyId,
      webhookId: webhook.id,
      ok: result.ok,
      failingSince,
      alertState,
      error,
      autoDisableAfterMs: args.autoDisableAfterMs,
    }).catch((err: unknown) =>
      console.error("[alerts] could not record an endpoint alert:", err instanceof Error ? err.message : "unknown"),
    );
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
