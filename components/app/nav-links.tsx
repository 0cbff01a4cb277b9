"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Bell, BookOpen, FileCode2, KeyRound, ListChecks, UserRound, Webhook } from "lucide-react";
import { cn } from "@/lib/utils.ts";

const LINKS = [
  { href: "/settings/webhooks", label: "Webhooks", icon: Webhook, adminOnly: true },
  { href: "/settings/webhooks/deliveries", label: "Deliveries", icon: ListChecks, adminOnly: true },
  { href: "/settings/webhooks/events", label: "Event catalog", icon: BookOpen, adminOnly: true },
  { href: "/settings/api-keys", label: "API keys", icon: KeyRound, adminOnly: true },
  { href: "/settings/api", label: "API reference", icon: FileCode2, adminOnly: true },
  { href: "/settings/notifications", label: "Notifications", icon: Bell, adminOnly: true },
  { href: "/account", label: "Your account", icon: UserRound, adminOnly: false },
];

export function NavLinks({ canManageWebhooks }: { canManageWebhooks: boolean }) {
  const pathname = usePathname();
  const visible = LINKS.filter((l) => canManageWebhooks || !l.adminOnly);
  return (
    <nav aria-label="Settings" className="px-2 pb-3">
      <p className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Settings</p>
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {visible.map(({ href, label, icon: Icon }) => {
          const active = pathname === href || (href !== "/settings/webhooks" && pathname.startsWith(href));
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring",
                  active && "bg-accent font-medium",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
