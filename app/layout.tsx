import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/app/providers.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Agency OS",
  description: "Agency OS: clients, projects, tasks, invoices, tickets and time, with webhooks.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
