import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { isoDateTime, recordId } from "./shared-fields.ts";

const client = z.object({
  id: recordId,
  name: z.string().min(1),
  email: z.email().nullable(),
  phone: z.string().nullable(),
  website: z.url().nullable(),
  status: z.enum(["active", "inactive", "prospect"]),
});

const sampleClient = {
  id: 7,
  name: "Acme Corporation",
  email: "billing@acme.example",
  phone: "+1 415 555 0100",
  website: "https://acme.example",
  status: "active" as const,
};

export const clientEvents = {
  "client.created": defineEvent({
    group: "clients",
    description: "New client added",
    schema: client.extend({ created_at: isoDateTime }),
    sample: { ...sampleClient, created_at: "2026-03-02T09:15:00Z" },
  }),
  "client.updated": defineEvent({
    group: "clients",
    description: "Client details changed",
    // Receivers get the whole record plus which fields changed, so they need no second call.
    schema: client.extend({ updated_at: isoDateTime, changed_fields: z.array(z.string()).min(1) }),
    sample: {
      ...sampleClient,
      phone: "+1 415 555 0199",
      updated_at: "2026-03-10T16:40:00Z",
      changed_fields: ["phone"],
    },
  }),
};
