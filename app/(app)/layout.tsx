import type { ReactNode } from "react";
import { AppShell } from "@/components/app/app-shell.tsx";
import { requireContext } from "@/lib/auth/session.ts";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requireContext();
  return (
    <AppShell user={ctx.user} agencyName={ctx.agency.name} role={ctx.role}>
      {children}
    </AppShell>
  );
}
