import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { isEventType, sampleEventData, type EventData, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { emitEventAndDispatch } from "./dispatch-events.ts";
import { EmitEventError } from "./emit-event.ts";

export const EmitRequestSchema = z.object({
  type: z.string().min(1, "type: choose an event type"),
  data: z.unknown().optional(),
  id: z.string().optional(),
  agency: z.string().max(100).optional(),
});

/**
 * An emit request from outside app code (the CLI, QA): the sample payload when no data is given.
 * Refused input throws EmitEventError (INVALID_INPUT, naming the field).
 */
export async function emitFromRequest(
  prisma: PrismaClient,
  agencyId: string,
  body: z.infer<typeof EmitRequestSchema>,
): Promise<{ id: string }> {
  if (!isEventType(body.type)) throw new EmitEventError(`type: unknown event type "${body.type}"`, "type");
  const type: EventType = body.type;
  // Unknown JSON from outside: emitEvent validates it against the type's schema at run time.
  const data = (body.data ?? sampleEventData(type)) as EventData<EventType>;
  return emitEventAndDispatch(prisma, { agencyId, type, data, id: body.id });
}
