import { createHash } from "node:crypto";
import { inngest } from "@/lib/inngest/client.ts";
import { apiRoute } from "@/lib/api/api-route.ts";
import { sendInngestEvents } from "@/lib/api/v1/event-endpoints.ts";
import { config } from "@/lib/config/index.ts";
import { parseAgencyOsEvent } from "@/lib/events/agency-os-event.ts";
import { AppError } from "@/lib/errors/app-error.ts";

// Another service's Inngest client, pointed at this app (baseUrl …/api/v1/inngest/, event key =
// an API key with events:emit), sends here; the events go on to the embedded engine.
export const POST = apiRoute(sendInngestEvents, async ({ principal, body, request }) => {
  if (!config().embeddedEngine)
    throw new AppError(
      "NOT_FOUND",
      "This app runs on Inngest: send agency-os/* events to Inngest with your event key.",
    );
  const events = Array.isArray(body) ? body : [body];
  // The SDK's seed makes a retried send carry the same ids, so a repeat starts nothing new.
  const seed =
    request.headers.get("x-inngest-event-id-seed") ?? createHash("sha1").update(JSON.stringify(body)).digest("hex");
  const checked = events.map((event, i) => {
    const where = events.length > 1 ? `${i}.` : "";
    const { agencyId = principal.agencyId, ...data } = event.data as { agencyId?: unknown };
    // A key speaks for its own agency only: naming another is refused, not rerouted.
    if (agencyId !== principal.agencyId)
      throw new AppError("FORBIDDEN", "data.agencyId: this API key belongs to another agency.", {
        [`${where}data.agencyId`]: ["not this key's agency"],
      });
    const parsed = parseAgencyOsEvent(event.name, { agencyId, ...data });
    if (!parsed.ok)
      throw new AppError("INVALID_INPUT", parsed.error, {
        [`${where}${parsed.issues[0]?.path ?? "name"}`]: [parsed.issues[0]?.message ?? parsed.error],
      });
    const id = event.id || "evt_" + createHash("sha1").update(`${seed}:${i}`).digest("hex").slice(0, 26);
    return { name: event.name, data: { agencyId, ...data }, id, ...(event.ts ? { ts: event.ts } : {}) };
  });
  const { ids } = await inngest.send(checked);
  return { ids, status: 200 as const };
});
