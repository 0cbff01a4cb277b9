import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { isoDate, isoDateTime, recordId } from "./shared-fields.ts";

const task = z.object({
  id: recordId,
  title: z.string().min(1),
  project_id: recordId,
  project_name: z.string().min(1),
  stage: z.string().min(1),
  assignee_name: z.string().nullable(),
  priority: z.enum(["low", "normal", "high", "urgent"]),
  due_date: isoDate.nullable(),
});

const sampleTask = {
  id: 2051,
  title: "Design homepage hero",
  project_id: 118,
  project_name: "Website Redesign",
  stage: "In Progress",
  assignee_name: "Maya Chen",
  priority: "high" as const,
  due_date: "2026-03-20",
};

export const taskEvents = {
  "task.created": defineEvent({
    group: "tasks",
    description: "New task added",
    schema: task.extend({ created_at: isoDateTime }),
    sample: { ...sampleTask, stage: "To Do", created_at: "2026-03-03T11:20:00Z" },
  }),
  "task.updated": defineEvent({
    group: "tasks",
    description: "Task details changed",
    schema: task.extend({ updated_at: isoDateTime, changed_fields: z.array(z.string()).min(1) }),
    sample: {
      ...sampleTask,
      priority: "urgent" as const,
      updated_at: "2026-03-12T14:02:00Z",
      changed_fields: ["priority"],
    },
  }),
  "task.stage_changed": defineEvent({
    group: "tasks",
    description: "Task moved to new stage",
    schema: task.extend({ previous_stage: z.string().min(1), changed_at: isoDateTime }),
    sample: { ...sampleTask, stage: "Review", previous_stage: "In Progress", changed_at: "2026-03-18T15:45:00Z" },
  }),
};
