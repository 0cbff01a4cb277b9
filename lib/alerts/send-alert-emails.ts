import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { hourIn } from "@/lib/i18n/format.ts";
import { alertEmail, digestEmail, type EmailAlert, type Recipient } from "./alert-email.ts";
import { requestAlertEmails } from "./announce-alert.ts";
import type { Mailer } from "./mailer.ts";

const DIGEST_HOUR = 8;
// An email still pending this long after its alert lost its run (engine down, retries spent).
const STALE_PENDING_MS = 10 * 60_000;

/** The notifications of an alert whose email is still to be sent now. */
export async function pendingAlertEmails(prisma: PrismaClient, alertId: string): Promise<string[]> {
  const rows = await prisma.notification.findMany({
    where: { alertId, emailStatus: "pending" },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

const recipientOf = (u: {
  email: string;
  name: string;
  preference: { locale: string | null; timeZone: string | null } | null;
}): Recipient => ({ email: u.email, name: u.name, locale: u.preference?.locale, timeZone: u.preference?.timeZone });

/**
 * One person's email for one alert. Throws when the mail server does not take it, so the step is
 * retried; marked sent only after the server accepted it (at least once: a crash between the two
 * can send it twice, never zero times).
 */
export async function sendAlertEmail(
  prisma: PrismaClient,
  notificationId: string,
  mailer: Mailer | null,
  now = new Date(),
): Promise<"sent" | "not_pending" | "no_smtp"> {
  const n = await prisma.notification.findUnique({
    where: { id: notificationId },
    include: { alert: true, user: { include: { preference: true } } },
  });
  if (!n || n.emailStatus !== "pending") return "not_pending";
  if (!mailer) {
    // SMTP was removed since the alert was made: in-app only, as Settings now says.
    await prisma.notification.updateMany({
      where: { id: n.id, emailStatus: "pending" },
      data: { emailStatus: "none" },
    });
    return "no_smtp";
  }
  await mailer(alertEmail(n.alert as EmailAlert, recipientOf(n.user), config().appUrl, now));
  await prisma.notification.updateMany({
    where: { id: n.id, emailStatus: "pending" },
    data: { emailStatus: "sent", emailedAt: new Date() },
  });
  return "sent";
}

/** Whether the hourly mail tick has anything to do (not a step: an idle tick costs one execution). */
export async function hasWaitingEmails(prisma: PrismaClient, now = new Date()): Promise<boolean> {
  const row = await prisma.notification.findFirst({
    where: {
      OR: [
        { emailStatus: "digest" },
        { emailStatus: "pending", createdAt: { lt: new Date(now.getTime() - STALE_PENDING_MS) } },
      ],
    },
    select: { id: true },
  });
  return row !== null;
}

/** Asks again for alerts whose emails are still pending (a lost run, or SMTP down past the retries). */
export async function resendStaleAlertEmails(prisma: PrismaClient, now = new Date()): Promise<number> {
  const stale = await prisma.notification.findMany({
    where: { emailStatus: "pending", createdAt: { lt: new Date(now.getTime() - STALE_PENDING_MS) } },
    select: { alertId: true, agencyId: true },
    distinct: ["alertId"],
    take: 500,
  });
  const tick = now.toISOString().slice(0, 13);
  for (const s of stale) await requestAlertEmails({ alertId: s.alertId, agencyId: s.agencyId }, `${s.alertId}-${tick}`);
  return stale.length;
}

/**
 * Daily digests: each person who chose them gets one email at 08:00 in their time zone with
 * every alert since the last (or sooner, if one has waited more than a day: a missed tick).
 */
export async function sendDigests(prisma: PrismaClient, mailer: Mailer | null, now = new Date()): Promise<number> {
  const waiting = await prisma.notification.groupBy({
    by: ["userId"],
    where: { emailStatus: "digest" },
    _min: { createdAt: true },
  });
  let sent = 0;
  for (const w of waiting) {
    const user = await prisma.user.findUnique({ where: { id: w.userId }, include: { preference: true } });
    if (!user) continue;
    const oldest = w._min.createdAt ?? now;
    const last = user.preference?.lastDigestAt;
    const due =
      (hourIn(now, user.preference?.timeZone) === DIGEST_HOUR &&
        (!last || now.getTime() - last.getTime() > 12 * 3_600_000)) ||
      now.getTime() - oldest.getTime() > 25 * 3_600_000;
    if (!due) continue;
    if (!mailer) {
      await prisma.notification.updateMany({
        where: { userId: user.id, emailStatus: "digest" },
        data: { emailStatus: "none" },
      });
      continue;
    }
    const rows = await prisma.notification.findMany({
      where: { userId: user.id, emailStatus: "digest" },
      include: { alert: true },
      orderBy: { createdAt: "asc" },
    });
    await mailer(
      digestEmail(
        rows.map((r) => r.alert as EmailAlert),
        recipientOf(user),
        config().appUrl,
        now,
      ),
    );
    await prisma.notification.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, emailStatus: "digest" },
      data: { emailStatus: "sent", emailedAt: new Date() },
    });
    await prisma.userPreference.upsert({
      where: { userId: user.id },
      create: { userId: user.id, alertEmails: "daily", lastDigestAt: now },
      update: { lastDigestAt: now },
    });
    sent++;
  }
  return sent;
}
