import { Skeleton } from "@/components/ui/skeleton.tsx";

export default function Loading() {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label="Loading webhooks">
      <div className="flex items-center justify-between">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-9 w-32" />
      </div>
      <div className="grid gap-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    </div>
  );
}
