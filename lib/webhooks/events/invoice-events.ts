import { z } from "zod";
import { defineEvent } from "./define-event.ts";
import { currency, isoDate, isoDateTime, money, recordId } from "./shared-fields.ts";

const invoice = z.object({
  id: recordId,
  invoice_number: z.string().min(1),
  client_name: z.string().min(1),
  amount: money,
  currency,
});

const sampleInvoice = {
  id: 42,
  invoice_number: "INV-2026-0042",
  client_name: "Acme Corporation",
  amount: 1500.0,
  currency: "USD",
};

export const invoiceEvents = {
  "invoice.created": defineEvent({
    group: "invoices",
    description: "New invoice created",
    schema: invoice.extend({ client_id: recordId, issue_date: isoDate, due_date: isoDate, status: z.literal("draft") }),
    sample: {
      ...sampleInvoice,
      client_id: 7,
      issue_date: "2026-03-01",
      due_date: "2026-03-31",
      status: "draft" as const,
    },
  }),
  "invoice.sent": defineEvent({
    group: "invoices",
    description: "Invoice emailed to client",
    schema: invoice.extend({ sent_to: z.email(), sent_at: isoDateTime, due_date: isoDate }),
    sample: {
      ...sampleInvoice,
      sent_to: "billing@acme.example",
      sent_at: "2026-03-01T09:00:00Z",
      due_date: "2026-03-31",
    },
  }),
  // The shape documented to customers (product docs, Payload Format): keep it exactly.
  "invoice.paid": defineEvent({
    group: "invoices",
    description: "Invoice payment received",
    schema: invoice.extend({ paid_date: isoDate }),
    sample: { ...sampleInvoice, paid_date: "2026-03-31" },
  }),
};
