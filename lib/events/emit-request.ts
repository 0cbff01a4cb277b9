import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { isEventType, sampleEventData, type EventData, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { EmitEventError } from "./emit-event.ts";
import { emitEventAndDispatch } from "./dispatch-events.ts";

export const EmitRequestSchema = z.object({
  type: z.string().min(1, "type: choose an event type"),
  data: z.unknown().optional(),
  id: z.string().optional(),
  agency: z.string().max(100).optional(),
});

export type EmitRequestResult = { ok: true; id: string } | { ok: false; error: string; field?: string };

/** An emit request from outside app code (the CLI, QA): the sample payload when no data is given. */
export async function emitFromRequest(
  prisma: PrismaClient,
  agencyId: string,
  body: z.infer<typeof EmitRequestSchema>,
): Promise<EmitRequestResult> {
  if (!isEventType(body.type)) return { ok: false, error: `type: unknown event type "${body.type}"`, field: "type" };
  const type: EventType = body.type;
  try {
    // Unknown JSON from outside: emitEvent validates it against the type's schema at run time.
    const data = (body.data ?? sampleEventData(type)) as EventData<EventType>;
    const { id } = await emitEventAndDispatch(prisma, { agencyId, type, data, id: body.id });
    return { ok: true, id };
  } catch (err) {
    if (err instanceof EmitEventError) return { ok: false, error: err.message, field: err.field };
    throw err;
  }
}
