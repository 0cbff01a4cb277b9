"use client";

import { useEffect, useState } from "react";
import { useFormatters } from "@/components/app/local-format.tsx";

/** The date and time on the server's render, relative ("2 minutes ago") once in the browser; the exact time on hover. */
export function TimeAgo({ iso, className }: { iso: string; className?: string }) {
  const f = useFormatters();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return (
    <time dateTime={iso} title={f.dateTime(iso, true)} className={className}>
      {now === null ? f.dateTime(iso) : f.relative(iso, now)}
    </time>
  );
}
