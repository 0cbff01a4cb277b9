import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { isoDateTime, recordId } from "./shared-fields.ts";

const ticket = z.object({
  id: recordId,
  subject: z.string().min(1),
  client_id: recordId,
  client_name: z.string().min(1),
  status: z.enum(["open", "pending", "resolved", "closed"]),
  priority: z.enum(["low", "normal", "high", "urgent"]),
});

const sampleTicket = {
  id: 311,
  subject: "Contact form not sending emails",
  client_id: 7,
  client_name: "Acme Corporation",
  status: "open" as const,
  priority: "high" as const,
};

export const ticketEvents = {
  "ticket.created": defineEvent({
    group: "tickets",
    description: "New support ticket",
    schema: ticket.extend({ created_by: z.string().min(1), created_at: isoDateTime }),
    sample: { ...sampleTicket, created_by: "Jordan Smith", created_at: "2026-03-14T08:12:00Z" },
  }),
  "ticket.reply": defineEvent({
    group: "tickets",
    description: "Ticket reply added",
    schema: ticket.extend({
      reply: z.object({
        id: recordId,
        author_name: z.string().min(1),
        // Staff replies and client replies both trigger this; receivers often route on it.
        author_type: z.enum(["staff", "client"]),
        body: z.string(),
        created_at: isoDateTime,
      }),
    }),
    sample: {
      ...sampleTicket,
      status: "pending" as const,
      reply: {
        id: 902,
        author_name: "Maya Chen",
        author_type: "staff" as const,
        body: "Thanks! We found the SMTP issue and deployed a fix. Could you try again?",
        created_at: "2026-03-14T10:30:00Z",
      },
    },
  }),
};
