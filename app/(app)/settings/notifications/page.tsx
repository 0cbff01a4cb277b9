import type { Metadata } from "next";
import { AlertEmailsForm } from "@/components/alerts/alert-emails-form.tsx";
import { NotificationsPanel } from "@/components/alerts/notifications-panel.tsx";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/webhooks/page-header.tsx";
import { notificationFeed } from "@/lib/alerts/notifications.ts";
import { alertEmailsConfigured, preferencesOf } from "@/lib/alerts/preferences.ts";
import { requireWebhookManager } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";

export const metadata: Metadata = { title: "Notifications · Agency OS" };

export default async function NotificationsPage() {
  const ctx = await requireWebhookManager();
  const prisma = await db();
  const [prefs, feed] = await Promise.all([
    preferencesOf(prisma, ctx.user.id),
    notificationFeed(prisma, { userId: ctx.user.id, agencyId: ctx.agency.id }),
  ]);
  const smtp = alertEmailsConfigured();
  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <PageHeader
        title="Notifications"
        description="Owners and admins are told when a webhook starts failing, a day before it is disabled automatically, when it is disabled and when it recovers."
      />
      {smtp ? null : (
        <Alert data-testid="no-smtp">
          <AlertTitle role="heading" aria-level={2}>
            Alerts are in-app only
          </AlertTitle>
          <AlertDescription>
            <p>
              No mail server is configured, so alerts appear under the bell but no email is sent. Your operator can set{" "}
              <code className="font-mono">SMTP_URL</code> and <code className="font-mono">MAIL_FROM</code> to turn
              emails on.
            </p>
          </AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle asChild>
            <h2>Alert emails</h2>
          </CardTitle>
          <CardDescription>Your own choice; other admins choose theirs.</CardDescription>
        </CardHeader>
        <CardContent>
          <AlertEmailsForm current={prefs.alertEmails} smtpConfigured={smtp} />
        </CardContent>
      </Card>
      <section className="grid gap-2" aria-labelledby="recent-alerts">
        <h2 id="recent-alerts" className="text-lg font-semibold">
          Recent alerts
        </h2>
        <NotificationsPanel initial={feed} />
      </section>
    </div>
  );
}
