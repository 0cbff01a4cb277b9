import { appendFileSync } from "node:fs";
import { inngest } from "@/lib/inngest/client.ts";

// Batched functions (batchEvents) for tests/engine/batch-events.test.ts and its crash child.
// Each records the batch it was given (the ids of `events`, and `event`'s) from inside a step,
// so a batch counts once however often its run is called. A `gate` in an event's data holds
// the step until the test opens it: the key stays busy meanwhile.

export type SeenBatch = { fn: string; first: string; ids: string[]; attempt: number };
export const seen: SeenBatch[] = [];
const gates = new Map<string, { open: () => void; opened: Promise<void> }>();

function gate(name: string) {
  let g = gates.get(name);
  if (!g) {
    let open = () => {};
    const opened = new Promise<void>((r) => (open = r));
    g = { open, opened };
    gates.set(name, g);
  }
  return g;
}
export const openGate = (name: string) => gate(name).open();

type Ev = { id?: string; data: Record<string, unknown> };
const ids = (events: Ev[]) => events.map((e) => String(e.id));

async function record(fn: string, event: Ev, events: Ev[], attempt: number) {
  const held = events.map((e) => e.data.gate).find((g) => typeof g === "string");
  if (held) await gate(held as string).opened;
  seen.push({ fn, first: String(event.id), ids: ids(events), attempt });
  return ids(events);
}

/** maxSize 3, a long timeout, one batch of a key at a time. */
export const batchedByKey = inngest.createFunction(
  {
    id: "t-batch",
    retries: 0,
    triggers: [{ event: "test/batch" }],
    batchEvents: { maxSize: 3, timeout: "60s", key: "event.data.k" },
    concurrency: [{ key: "event.data.k", limit: 1 }],
  },
  async ({ event, events, step, attempt }) => step.run("record", () => record("t-batch", event, events, attempt)),
);

/** Does not batch (any more): items queued while it did still run, each on its own. */
export const noLongerBatched = inngest.createFunction(
  {
    id: "t-unbatched",
    retries: 0,
    triggers: [{ event: "test/unbatched" }],
    concurrency: [{ key: "event.data.k", limit: 1 }],
  },
  async ({ event, events, step, attempt }) => step.run("record", () => record("t-unbatched", event, events, attempt)),
);

/** Two slots per key: a running batch holds min(its events, 2) of them. */
export const batchedTwoSlots = inngest.createFunction(
  {
    id: "t-batch-slots",
    retries: 0,
    triggers: [{ event: "test/batch-slots" }],
    batchEvents: { maxSize: 10, timeout: "60s", key: "event.data.k" },
    concurrency: [{ key: "event.data.k", limit: 2 }],
  },
  async ({ event, events, step, attempt }) => step.run("record", () => record("t-batch-slots", event, events, attempt)),
);

/** A 1 s timeout: what is queued more than 1 s after a batch's first event starts the next batch. */
export const batchedShortTimeout = inngest.createFunction(
  {
    id: "t-batch-timeout",
    retries: 0,
    triggers: [{ event: "test/batch-timeout" }],
    batchEvents: { maxSize: 10, timeout: "1s", key: "event.data.k" },
    concurrency: [{ key: "event.data.k", limit: 1 }],
  },
  async ({ event, events, step, attempt }) =>
    step.run("record", () => record("t-batch-timeout", event, events, attempt)),
);

/** Fails its first try (a retry gets the same batch), then fails for good when asked to. */
export const failures: { events: string[]; event: string }[] = [];
export const batchedFlaky = inngest.createFunction(
  {
    id: "t-batch-flaky",
    retries: 1,
    triggers: [{ event: "test/batch-flaky" }],
    batchEvents: { maxSize: 10, timeout: "60s" },
    concurrency: [{ limit: 1 }],
    onFailure: async ({ event }) => {
      const data = event.data as { event: Ev; events?: Ev[] };
      failures.push({ event: String(data.event.id), events: ids(data.events ?? []) });
    },
  },
  async ({ event, events, step, attempt }) =>
    step.run("record", async () => {
      const ran = await record("t-batch-flaky", event, events, attempt);
      if (attempt === 0 || events.some((e) => e.data.always)) throw new Error(`try ${attempt} fails`);
      return ran;
    }),
);

/** The crash child's function: the batch's step writes its ids to a file, and hangs in the child. */
export function batchCrashFunction(markFile: string, hang: boolean) {
  return inngest.createFunction(
    {
      id: "t-batch-crash",
      triggers: [{ event: "test/batch-crash" }],
      batchEvents: { maxSize: 10, timeout: "60s", key: "event.data.k" },
      concurrency: [{ key: "event.data.k", limit: 1 }],
    },
    async ({ events, step }) => {
      await step.run("send", async () => {
        const list = ids(events);
        appendFileSync(markFile, `${list.join(",")}\n`);
        // The first event's run waits a little, so the rest queue up behind it and share a batch.
        if (list[0] === "c0") await new Promise((r) => setTimeout(r, 500));
        else if (hang) await new Promise(() => {});
      });
      return ids(events);
    },
  );
}
