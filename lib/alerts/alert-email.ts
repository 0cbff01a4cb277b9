import { formatDateTime, type DisplayPrefs } from "@/lib/i18n/format.ts";
import type { MailMessage } from "./mailer.ts";
import { alertErrorText, alertTitle, logUrl, timeLeftText, type AlertFacts } from "./alert-text.ts";

export type EmailAlert = AlertFacts & { webhookId: string; createdAt: Date };
export type Recipient = DisplayPrefs & { email: string; name: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const WHAT_NOW: Record<EmailAlert["kind"], string> = {
  failing: "Deliveries to this endpoint are failing and are being retried on their schedule.",
  disabling_soon: "Every delivery has failed for days; if none succeeds, the endpoint is disabled automatically.",
  disabled: "Nothing is delivered or retried until an admin enables it again; its events wait as Paused.",
  recovered: "A delivery succeeded again; nothing more is needed.",
};

/** The lines of one alert, in the recipient's locale and time zone. */
function alertLines(a: EmailAlert, to: Recipient, appUrl: string, now: Date): string[] {
  const lines = [`Endpoint: ${a.webhookName} (${a.webhookUrl})`];
  const error = alertErrorText(a);
  if (error && a.kind !== "recovered") lines.push(`Last error: ${error}`);
  if (a.kind === "disabled" && a.reason) lines.push(`Reason: ${a.reason}`);
  if (a.disableAt && (a.kind === "failing" || a.kind === "disabling_soon")) {
    lines.push(
      `Disabled automatically on ${formatDateTime(a.disableAt, to, true)} (in ${timeLeftText(a.disableAt.getTime() - now.getTime())}) unless a delivery succeeds.`,
    );
  }
  lines.push(WHAT_NOW[a.kind]);
  lines.push(`Delivery log: ${logUrl(appUrl, a.webhookId)}`);
  return lines;
}

function html(blocks: { title: string; lines: string[] }[], intro: string): string {
  const link = (l: string) => l.replace(/(https?:\/\/\S+)$/, (u) => `<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>`);
  return [
    `<p>${escapeHtml(intro)}</p>`,
    ...blocks.map(
      (b) =>
        `<h2 style="font-size:16px">${escapeHtml(b.title)}</h2><ul>${b.lines
          .map((l) => `<li>${link(escapeHtml(l))}</li>`)
          .join("")}</ul>`,
    ),
    `<p style="color:#666">You get these emails as an owner or admin. Change how on Settings → Notifications.</p>`,
  ].join("\n");
}

const FOOTER = "You get these emails as an owner or admin. Change how on Settings → Notifications.";

/** One email for one alert (the "immediate" choice). */
export function alertEmail(a: EmailAlert, to: Recipient, appUrl: string, now = new Date()): MailMessage {
  const title = alertTitle(a);
  const lines = alertLines(a, to, appUrl, now);
  const intro = `Hello ${to.name},`;
  return {
    to: to.email,
    subject: title,
    text: [intro, "", title, "", ...lines, "", FOOTER].join("\n"),
    html: html([{ title, lines }], intro),
  };
}

/** The day's alerts in one email (the "daily digest" choice), oldest first. */
export function digestEmail(alerts: EmailAlert[], to: Recipient, appUrl: string, now = new Date()): MailMessage {
  const blocks = alerts.map((a) => ({
    title: `${alertTitle(a)} · ${formatDateTime(a.createdAt, to, true)}`,
    lines: alertLines(a, to, appUrl, now),
  }));
  const intro = `Hello ${to.name}, ${alerts.length === 1 ? "one webhook alert" : `${alerts.length} webhook alerts`} since your last digest:`;
  return {
    to: to.email,
    subject: `Webhook alerts: ${alerts.length === 1 ? "1 change" : `${alerts.length} changes`}`,
    text: [intro, "", ...blocks.flatMap((b) => [b.title, ...b.lines.map((l) => `  ${l}`), ""]), FOOTER].join("\n"),
    html: html(blocks, intro),
  };
}
