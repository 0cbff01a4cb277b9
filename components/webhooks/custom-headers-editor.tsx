"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button.tsx";
import { Input } from "@/components/ui/input.tsx";
import { Label } from "@/components/ui/label.tsx";

export type HeaderRow = { key: string; name: string; value: string };

type Props = { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; errors?: string[] };

let counter = 0;
export function newHeaderRow(name = "", value = ""): HeaderRow {
  counter += 1;
  return { key: `h${counter}`, name, value };
}

/** Optional extra headers (e.g. an API key the receiver expects), as name/value rows. */
export function CustomHeadersEditor({ rows, onChange, errors }: Props) {
  const update = (key: string, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="grid gap-2" aria-describedby="custom-headers-help custom-headers-error">
      <legend className="mb-1 text-sm font-medium">Custom headers (optional)</legend>
      <p id="custom-headers-help" className="text-sm text-muted-foreground">
        Sent with every delivery. They cannot replace the signature headers Agency OS sets. Values are stored encrypted
        and shown as ********; leave ******** to keep a saved value.
      </p>
      {rows.map((row, i) => (
        <div key={row.key} className="grid grid-cols-[1fr_auto] gap-2 sm:grid-cols-[1fr_1fr_auto]">
          <div className="grid gap-1">
            <Label htmlFor={`${row.key}-name`} className="sr-only">
              Header {i + 1} name
            </Label>
            <Input
              id={`${row.key}-name`}
              placeholder="X-Api-Key"
              value={row.name}
              onChange={(e) => update(row.key, { name: e.target.value })}
              autoComplete="off"
            />
          </div>
          <div className="col-start-1 row-start-2 grid gap-1 sm:col-start-2 sm:row-start-1">
            <Label htmlFor={`${row.key}-value`} className="sr-only">
              Header {i + 1} value
            </Label>
            <Input
              id={`${row.key}-value`}
              placeholder="Value"
              value={row.value}
              onChange={(e) => update(row.key, { value: e.target.value })}
              autoComplete="off"
            />
          </div>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="col-start-2 row-start-1 sm:col-start-3"
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
          >
            <Trash2 aria-hidden />
            <span className="sr-only">Remove header {i + 1}</span>
          </Button>
        </div>
      ))}
      <div
        id="custom-headers-error"
        aria-live="polite"
        data-testid="headers-error"
        className={errors?.length ? "text-sm text-destructive" : "sr-only"}
      >
        {errors?.join(" ")}
      </div>
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="w-fit"
        onClick={() => onChange([...rows, newHeaderRow()])}
      >
        <Plus aria-hidden /> Add header
      </Button>
    </fieldset>
  );
}

/** Rows → the record the schema expects; blank rows are dropped. */
export function headersFromRows(rows: HeaderRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    if (r.name.trim() === "" && r.value.trim() === "") continue;
    out[r.name.trim()] = r.value;
  }
  return out;
}
