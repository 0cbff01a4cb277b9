"use client";

import { useId } from "react";
import { Checkbox } from "@/components/ui/checkbox.tsx";
import { Label } from "@/components/ui/label.tsx";
import {
  EVENT_GROUPS,
  EVENT_TYPES,
  eventCatalog,
  eventTypesInGroup,
  type EventType,
} from "@/lib/webhooks/event-catalog.ts";

type Props = {
  value: EventType[];
  onChange: (next: EventType[]) => void;
  invalid?: boolean;
  describedBy?: string;
};

function stateOf(selected: Set<EventType>, types: EventType[]): boolean | "indeterminate" {
  const n = types.filter((t) => selected.has(t)).length;
  return n === 0 ? false : n === types.length ? true : "indeterminate";
}

/** Events grouped by resource, with select-all per group and for everything. */
export function EventCheckboxGroup({ value, onChange, invalid, describedBy }: Props) {
  const baseId = useId();
  const selected = new Set(value);
  // Keep the catalog's order whatever order the clicks came in.
  const set = (types: EventType[], on: boolean) => {
    const next = new Set(selected);
    for (const t of types) {
      if (on) next.add(t);
      else next.delete(t);
    }
    onChange(EVENT_TYPES.filter((t) => next.has(t)));
  };

  return (
    <fieldset className="grid gap-3" aria-describedby={describedBy} aria-invalid={invalid || undefined}>
      <legend className="mb-2 text-sm font-medium">Events</legend>
      <div className="flex items-center gap-2">
        <Checkbox
          id={`${baseId}-all`}
          checked={stateOf(selected, EVENT_TYPES)}
          onCheckedChange={(c) => set(EVENT_TYPES, c === true)}
          aria-invalid={invalid || undefined}
        />
        <Label htmlFor={`${baseId}-all`}>
          All events ({value.length} of {EVENT_TYPES.length} selected)
        </Label>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {EVENT_GROUPS.map(({ group, label }) => {
          const types = eventTypesInGroup(group);
          const groupId = `${baseId}-${group}`;
          return (
            <div key={group} role="group" aria-labelledby={`${groupId}-label`} className="rounded-md border p-3">
              <div className="flex items-center gap-2 border-b pb-2">
                <Checkbox
                  id={groupId}
                  checked={stateOf(selected, types)}
                  onCheckedChange={(c) => set(types, c === true)}
                  aria-label={`Select all ${label}`}
                />
                <Label id={`${groupId}-label`} htmlFor={groupId} className="font-semibold">
                  {label}
                </Label>
              </div>
              <ul className="mt-2 grid gap-2">
                {types.map((type) => (
                  <li key={type} className="flex items-start gap-2">
                    <Checkbox
                      id={`${baseId}-${type}`}
                      className="mt-0.5"
                      checked={selected.has(type)}
                      onCheckedChange={(c) => set([type], c === true)}
                    />
                    <Label htmlFor={`${baseId}-${type}`} className="grid gap-0.5 font-normal">
                      <span className="font-mono text-[13px]">{type}</span>
                      <span className="text-xs text-muted-foreground">{eventCatalog[type].description}</span>
                    </Label>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
