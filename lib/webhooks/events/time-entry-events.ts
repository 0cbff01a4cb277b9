import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { isoDate, isoDateTime, recordId } from "./shared-fields.ts";

export const timeEntryEvents = {
  "time_entry.created": defineEvent({
    group: "time_entries",
    description: "New time entry logged",
    schema: z.object({
      id: recordId,
      user_name: z.string().min(1),
      project_id: recordId,
      project_name: z.string().min(1),
      task_id: recordId.nullable(),
      date: isoDate,
      minutes: z.number().int().positive(),
      billable: z.boolean(),
      description: z.string(),
      created_at: isoDateTime,
    }),
    sample: {
      id: 5120,
      user_name: "Maya Chen",
      project_id: 118,
      project_name: "Website Redesign",
      task_id: 2051,
      date: "2026-03-18",
      minutes: 150,
      billable: true,
      description: "Homepage hero iterations",
      created_at: "2026-03-18T17:30:00Z",
    },
  }),
};
