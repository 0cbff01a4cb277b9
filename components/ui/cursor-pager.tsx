"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";

/** Keyset pages: the cursors of the pages before this one (none on the first page). */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    /** This page's cursor; undefined on the first page. */
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    reset: () => setCursors([]),
    newer: () => setCursors((c) => c.slice(0, -1)),
    older: (next: string) => setCursors((c) => [...c, next]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Newer / Page n / Older under a list paged by cursor, newest first. */
export function CursorPager({
  label,
  pages,
  nextCursor,
}: {
  label: string;
  pages: CursorPages;
  nextCursor: string | null | undefined;
}) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-2">
      <Button variant="outline" size="sm" disabled={pages.page === 1} onClick={pages.newer}>
        Newer
      </Button>
      <span className="text-xs text-muted-foreground">Page {pages.page}</span>
      <Button variant="outline" size="sm" disabled={!nextCursor} onClick={() => nextCursor && pages.older(nextCursor)}>
        Older
      </Button>
    </nav>
  );
}
