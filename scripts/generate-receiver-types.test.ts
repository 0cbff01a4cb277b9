import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { WebhookEventDataMap } from "@agency-os/webhooks";
import { EVENT_TYPES, type EventData, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { RECEIVER_TYPES_FILE, renderReceiverTypes } from "./generate-receiver-types.ts";

// Compile-time: the published types and the catalog's zod types are the same, type by type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: { [T in EventType]: Same<EventData<T>, WebhookEventDataMap[T]> } = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, true]),
) as { [T in EventType]: true };

describe("receiver package types", () => {
  it("the committed events.generated.ts is what the catalog generates (run npm run generate:receiver-types)", async () => {
    expect(readFileSync(RECEIVER_TYPES_FILE, "utf8")).toBe(await renderReceiverTypes());
  });

  it("names every catalog type", () => {
    expect(Object.keys(sameTypes)).toEqual(EVENT_TYPES);
  });
});
