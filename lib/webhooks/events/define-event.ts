import type { z } from "zod";

/** The resource an event belongs to; the UI groups its checkboxes by it. */
export type EventGroup = "clients" | "projects" | "tasks" | "invoices" | "tickets" | "time_entries";

export type EventDefinition<S extends z.ZodType = z.ZodType> = {
  group: EventGroup;
  description: string;
  schema: S;
  sample: z.infer<S>;
};

/** Keeps the sample type-checked against its schema at compile time. */
export function defineEvent<S extends z.ZodType>(def: EventDefinition<S>): EventDefinition<S> {
  return def;
}
