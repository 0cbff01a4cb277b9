import * as React from "react";
import type { LucideIcon } from "lucide-react";

import { cn } from "@/lib/utils";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** A lucide icon component (e.g. `WebhookIcon`); rendered decoratively. */
  icon?: LucideIcon;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Usually a `<Button>`, e.g. "Add endpoint". */
  action?: React.ReactNode;
  /** Heading level that fits the page outline. */
  titleAs?: "h2" | "h3" | "h4" | "p";
};

function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  titleAs: Title = "h2",
  className,
  ...props
}: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex min-w-0 flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-4 py-10 text-center sm:px-6",
        className,
      )}
      {...props}
    >
      {Icon && (
        <div
          data-slot="empty-state-icon"
          className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground"
        >
          <Icon className="size-5" aria-hidden="true" />
        </div>
      )}
      <div className="flex max-w-sm flex-col gap-1">
        <Title data-slot="empty-state-title" className="text-base font-semibold">
          {title}
        </Title>
        {description && (
          <p data-slot="empty-state-description" className="text-sm text-muted-foreground">
            {description}
          </p>
        )}
      </div>
      {action && (
        <div data-slot="empty-state-action" className="mt-2 flex flex-wrap justify-center gap-2">
          {action}
        </div>
      )}
    </div>
  );
}

export { EmptyState, type EmptyStateProps };
