import { Skeleton } from "@/components/ui/skeleton.tsx";

/** What the Add and Edit pages show while their data loads: the shape of the webhook form. */
export function WebhookFormSkeleton() {
  return (
    <div className="mx-auto grid max-w-3xl gap-4" aria-busy="true" aria-label="Loading form">
      <Skeleton className="h-8 w-48" />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-16 w-full" />
      ))}
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
