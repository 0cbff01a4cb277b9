import type { ReactNode } from "react";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table.tsx";

type Props = {
  /** Column headings, in order. A trailing actions column gets a heading for screen readers only. */
  columns: string[];
  actions?: boolean;
  /** For tables without a link or button in any cell (see Table's containerLabel). */
  label?: string;
  /** The rows: `<TableRow>`s of `<TableCell>`s, one per column. */
  children: ReactNode;
};

/** The settings tables' shared frame: headings from a list, then the caller's rows. */
export function DataTable({ columns, actions, label, children }: Props) {
  return (
    <Table containerLabel={label}>
      <TableHeader>
        <TableRow>
          {columns.map((c) => (
            <TableHead key={c}>{c}</TableHead>
          ))}
          {actions && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
