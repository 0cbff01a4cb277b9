import type { ReactNode } from "react";
import { Building2 } from "lucide-react";
import { asFormAction } from "@/lib/actions/action-result.ts";
import { signOutAction } from "@/lib/actions/auth/sign-out.ts";
import { Button } from "@/components/ui/button.tsx";
import type { Role } from "@/lib/auth/agency-context.ts";
import type { DisplayPrefs } from "@/lib/i18n/format.ts";
import { NotificationBell } from "@/components/alerts/notification-bell.tsx";
import { DisplayPrefsProvider } from "./display-prefs.tsx";
import { NavLinks } from "./nav-links.tsx";
import { ThemeToggle } from "./theme-toggle.tsx";

type Props = {
  user: { name: string; email: string };
  agencyName: string;
  role: Role;
  displayPrefs: DisplayPrefs;
  children: ReactNode;
};

export function AppShell({ user, agencyName, role, displayPrefs, children }: Props) {
  const manager = role !== "member";
  return (
    // The header's bell shows times too: the whole shell reads the person's locale and zone.
    <DisplayPrefsProvider saved={displayPrefs}>
      <div className="flex min-h-dvh flex-col md:flex-row">
        <aside className="border-b bg-muted/30 md:w-60 md:shrink-0 md:border-r md:border-b-0">
          <div className="flex items-center gap-2 px-4 py-4">
            <Building2 className="size-5 text-primary" aria-hidden />
            <div className="min-w-0">
              <p className="truncate text-sm font-semibold">{agencyName}</p>
              <p className="truncate text-xs text-muted-foreground">Agency OS</p>
            </div>
          </div>
          <NavLinks canManageWebhooks={manager} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center justify-end gap-3 border-b px-4 py-2">
            {/* Alerts go to owners and admins, the people who can fix an endpoint. */}
            {manager ? <NotificationBell /> : null}
            <ThemeToggle />
            <span className="truncate text-sm text-muted-foreground" data-testid="current-user">
              {user.name} · <span className="capitalize">{role}</span>
            </span>
            <form action={asFormAction(signOutAction)}>
              <Button type="submit" variant="outline" size="sm">
                Sign out
              </Button>
            </form>
          </header>
          <main className="flex-1 p-4 md:p-8">{children}</main>
        </div>
      </div>
    </DisplayPrefsProvider>
  );
}
