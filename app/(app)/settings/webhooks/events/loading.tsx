import { Skeleton } from "@/components/ui/skeleton.tsx";

export default function Loading() {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label="Loading event catalog">
      <Skeleton className="h-8 w-48" />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-56 w-full" />
      ))}
    </div>
  );
}
