import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/app/providers.tsx";
import { nonceOf } from "@/lib/http/content-security-policy.ts";
import "./globals.css";

export const metadata: Metadata = {
  title: "Agency OS",
  description: "Agency OS: clients, projects, tasks, invoices, tickets and time, with webhooks.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request (reading the headers makes it so): its scripts carry that
  // request's CSP nonce (proxy.ts), which a page prerendered at build time could not. The theme's
  // inline script, which sets .dark before the first paint, needs the same nonce to run.
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    // next-themes puts the theme's class on <html> before React hydrates: expected, not a mismatch.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
