import { inngest } from "@/lib/inngest/client.ts";
import { alertRecorded } from "@/lib/inngest/events.ts";
import { smtpMailer } from "@/lib/alerts/mailer.ts";
import { pendingAlertEmails, sendAlertEmail } from "@/lib/alerts/send-alert-emails.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * The emails of one endpoint alert, a step per recipient: a mail server that refuses one is
 * retried with Inngest's backoff without re-sending those it took. The alert and its
 * notifications were committed before this ran; if every retry fails, the rows stay pending and
 * the hourly mail tick (send-alert-digests) starts this again.
 */
export function createSendAlertEmails(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "send-alert-emails",
      name: "Send endpoint alert emails",
      triggers: [alertRecorded],
      retries: 20,
      // One run per alert at a time: the sweep's resend cannot race the first run's steps.
      concurrency: { limit: 1, key: "event.data.alertId" },
    },
    async ({ event, step }) => {
      const ids = await step.run("list-recipients", async () =>
        pendingAlertEmails(await prismaOf(deps), event.data.alertId),
      );
      let sent = 0;
      for (const id of ids) {
        const outcome = await step.run(`email-${id}`, async () =>
          sendAlertEmail(await prismaOf(deps), id, deps.mailer ? deps.mailer() : smtpMailer()),
        );
        if (outcome === "sent") sent++;
      }
      return { sent };
    },
  );
}

export const sendAlertEmails = createSendAlertEmails();
