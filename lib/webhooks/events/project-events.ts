import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { currency, isoDate, isoDateTime, money, recordId } from "./shared-fields.ts";

const project = z.object({
  id: recordId,
  name: z.string().min(1),
  client_id: recordId,
  client_name: z.string().min(1),
  status: z.enum(["planning", "active", "on_hold", "completed", "cancelled"]),
  start_date: isoDate.nullable(),
  due_date: isoDate.nullable(),
  budget: money.nullable(),
  currency,
});

const sampleProject = {
  id: 118,
  name: "Website Redesign",
  client_id: 7,
  client_name: "Acme Corporation",
  status: "active" as const,
  start_date: "2026-03-02",
  due_date: "2026-05-29",
  budget: 24000,
  currency: "USD",
};

export const projectEvents = {
  "project.created": defineEvent({
    group: "projects",
    description: "New project created",
    schema: project.extend({ created_at: isoDateTime }),
    sample: { ...sampleProject, status: "planning" as const, created_at: "2026-03-02T10:00:00Z" },
  }),
  "project.updated": defineEvent({
    group: "projects",
    description: "Project details changed",
    schema: project.extend({ updated_at: isoDateTime, changed_fields: z.array(z.string()).min(1) }),
    sample: {
      ...sampleProject,
      due_date: "2026-06-12",
      updated_at: "2026-04-20T08:30:00Z",
      changed_fields: ["due_date"],
    },
  }),
  "project.completed": defineEvent({
    group: "projects",
    description: "Project marked complete",
    schema: project.extend({ status: z.literal("completed"), completed_at: isoDateTime }),
    sample: { ...sampleProject, status: "completed" as const, completed_at: "2026-06-10T17:05:00Z" },
  }),
};
