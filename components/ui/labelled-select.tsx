"use client";

import { Label } from "@/components/ui/label.tsx";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select.tsx";

const ALL = "__all__";

type Props<T extends string> = {
  id: string;
  label: string;
  value: T | undefined;
  onChange: (value: T | undefined) => void;
  options: readonly { value: T; label: string }[];
  /** The first option, meaning "no choice" (undefined); none when a value is required. */
  allLabel?: string;
};

/** A label above a select, for filters and dialog fields. */
export function LabelledSelect<T extends string>({ id, label, value, onChange, options, allLabel }: Props<T>) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select
        value={value ?? (allLabel ? ALL : undefined)}
        onValueChange={(v) => onChange(v === ALL ? undefined : (v as T))}
      >
        <SelectTrigger id={id} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {allLabel && <SelectItem value={ALL}>{allLabel}</SelectItem>}
          {options.map((o) => (
            <SelectItem key={o.value} value={o.value}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

/** Options whose label is the value itself (event types). */
export const asOptions = <T extends string>(values: readonly T[]) => values.map((v) => ({ value: v, label: v }));
