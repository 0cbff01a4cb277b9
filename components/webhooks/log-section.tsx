import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";

/** The frame of a delivery list: its heading with the list's actions beside it, then the list. */
export function LogSection({
  headingId,
  title,
  actions,
  children,
}: {
  headingId: string;
  title: string;
  actions: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="flex flex-wrap gap-2">{actions}</div>
      </div>
      {children}
    </section>
  );
}

export function LoadingDeliveries() {
  return (
    // A status region may carry a name; a plain div may not (axe: aria-prohibited-attr).
    <div className="grid gap-2" role="status" aria-label="Loading deliveries">
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}

/** An empty page of a delivery list: nothing matches the filters, or nothing was delivered yet. */
export function NoDeliveries({ filtered, hint }: { filtered: boolean; hint: string }) {
  return (
    <EmptyState
      titleAs="h3"
      title={filtered ? "No deliveries match" : "No deliveries yet"}
      description={filtered ? "Change the filters or clear the search." : hint}
    />
  );
}
