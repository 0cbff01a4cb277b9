import { inngest } from "@/lib/inngest/client.ts";
import { smtpMailer } from "@/lib/alerts/mailer.ts";
import { hasWaitingEmails, resendStaleAlertEmails, sendDigests } from "@/lib/alerts/send-alert-emails.ts";
import { prismaOf, type FunctionDeps } from "./function-options.ts";

/**
 * Hourly: the daily digests due at this hour (08:00 in each person's time zone), and the net
 * for alert emails still pending (their run was lost, or SMTP was down past its retries).
 * The check is not a step, so a tick with nothing waiting is one execution (720 a month).
 */
export function createSendAlertDigests(deps: FunctionDeps = {}) {
  return inngest.createFunction(
    {
      id: "send-alert-digests",
      name: "Send alert digests and waiting alert emails",
      triggers: [{ cron: "7 * * * *" }],
      retries: 5,
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      if (!(await hasWaitingEmails(await prismaOf(deps)))) return { resent: 0, digests: 0 };
      const resent = await step.run("resend-pending", async () => resendStaleAlertEmails(await prismaOf(deps)));
      const digests = await step.run("send-digests", async () =>
        sendDigests(await prismaOf(deps), deps.mailer ? deps.mailer() : smtpMailer()),
      );
      return { resent, digests };
    },
  );
}

export const sendAlertDigests = createSendAlertDigests();
