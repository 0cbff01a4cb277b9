import * as React from "react";

import { cn } from "@/lib/utils";

/** Decorative placeholder; pair a loading region with `aria-busy` or sr-only "Loading…" text. */
function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-accent", className)}
      {...props}
    />
  );
}

export { Skeleton };
