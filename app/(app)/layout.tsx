import type { ReactNode } from "react";
import { AppShell } from "@/components/app/app-shell.tsx";
import { preferencesOf } from "@/lib/alerts/preferences.ts";
import { requireContext } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requireContext();
  const { locale, timeZone } = await preferencesOf(await db(), ctx.user.id);
  return (
    <AppShell user={ctx.user} agencyName={ctx.agency.name} role={ctx.role} displayPrefs={{ locale, timeZone }}>
      {children}
    </AppShell>
  );
}
