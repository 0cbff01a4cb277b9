import { autoDisableWebhooks, createAutoDisableWebhooks } from "./auto-disable-webhooks.ts";
import { createDeliverWebhook, deliverWebhook } from "./deliver-webhook.ts";
import { createDeliverWebhooks, deliverWebhooks } from "./deliver-webhooks.ts";
import { createFanOutEvent, fanOutEvent } from "./fan-out-event.ts";
import type { FunctionDeps } from "./function-options.ts";
import { createIngestAgencyOsEvent, ingestAgencyOsEvent } from "./ingest-agency-os-event.ts";
import { createPurgeDeliveryLogs, purgeDeliveryLogs } from "./purge-delivery-logs.ts";
import { createRelayOutbox, relayOutboxFunction } from "./relay-outbox.ts";
import { createSendAlertDigests, sendAlertDigests } from "./send-alert-digests.ts";
import { createSendAlertEmails, sendAlertEmails } from "./send-alert-emails.ts";
import { createRetryFailedJob, retryFailedJob } from "./retry-failed-job.ts";

export type { FunctionDeps } from "./function-options.ts";

/** Every function the serve handler registers. */
export const functions = [
  fanOutEvent,
  deliverWebhooks,
  deliverWebhook,
  autoDisableWebhooks,
  purgeDeliveryLogs,
  relayOutboxFunction,
  ingestAgencyOsEvent,
  sendAlertEmails,
  sendAlertDigests,
  retryFailedJob,
];

/** The same functions bound to another database or schedule (tests, scripts). */
export function createFunctions(deps: FunctionDeps) {
  return [
    createFanOutEvent(deps),
    createDeliverWebhooks(deps),
    createDeliverWebhook(deps),
    createAutoDisableWebhooks(deps),
    createPurgeDeliveryLogs(deps),
    createRelayOutbox(deps),
    createIngestAgencyOsEvent(deps),
    createSendAlertEmails(deps),
    createSendAlertDigests(deps),
    createRetryFailedJob(deps),
  ];
}
