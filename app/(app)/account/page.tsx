import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form.tsx";
import { DisplayPrefsForm } from "@/components/account/display-prefs-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import { asFormAction } from "@/lib/actions/action-result.ts";
import { signOutEverywhereAction } from "@/lib/actions/account/sign-out-everywhere.ts";
import { preferencesOf } from "@/lib/alerts/preferences.ts";
import { requireContext } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";
import { localeChoices, timeZoneChoices } from "@/lib/i18n/display-prefs-choices.ts";

export const metadata: Metadata = { title: "Your account · Agency OS" };

const ROLE_TEXT = {
  owner: "Owners manage the agency, its people and its webhooks.",
  admin: "Admins manage the agency's settings, including webhooks.",
  member: "Members work with clients, projects and tasks. Settings such as webhooks are managed by owners and admins.",
};

export default async function AccountPage() {
  const ctx = await requireContext();
  const { locale, timeZone } = await preferencesOf(await db(), ctx.user.id);
  return (
    <div className="mx-auto grid max-w-2xl gap-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card>
        <CardHeader>
          <CardTitle>{ctx.user.name}</CardTitle>
          <CardDescription>{ctx.user.email}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p>
            You are <span className="font-medium capitalize">{ctx.role}</span> of{" "}
            <span className="font-medium">{ctx.agency.name}</span>.
          </p>
          <p className="text-muted-foreground">{ROLE_TEXT[ctx.role]}</p>
        </CardContent>
      </Card>
      {ctx.memberships.length > 1 ? (
        <Card>
          <CardHeader>
            <CardTitle>Your agencies</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-1 text-sm">
              {ctx.memberships.map((m) => (
                <li key={m.agencyId}>
                  {m.agencyName} · <span className="capitalize">{m.role}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Dates and numbers</CardTitle>
          <CardDescription>Your own choice, on every screen and in your alert emails.</CardDescription>
        </CardHeader>
        <CardContent>
          <DisplayPrefsForm
            current={{ locale, timeZone }}
            locales={localeChoices(locale)}
            timeZones={timeZoneChoices()}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>
            You stay signed in here; every other browser signed in as you is signed out.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>
            Lost a device, or signed in somewhere you should not have? End every session of yours, this one included.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {/* A real form: works before hydration, and the action ends by sending you to the login page. */}
          <form action={asFormAction(signOutEverywhereAction)}>
            <Button type="submit" variant="outline">
              Sign out everywhere
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
