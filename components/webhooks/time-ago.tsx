"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatRelative } from "./format.ts";

/** Absolute UTC on the server's render, relative ("2 minutes ago") once in the browser. */
export function TimeAgo({ iso, className }: { iso: string; className?: string }) {
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
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {now === null ? formatDateTime(iso) : formatRelative(iso, now)}
    </time>
  );
}
