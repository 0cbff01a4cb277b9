import { Skeleton } from "@/components/ui/skeleton.tsx";

export default function Loading() {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label="Loading webhook">
      <Skeleton className="h-8 w-56" />
      <div className="grid gap-6 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-48 w-full" />
        ))}
      </div>
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
