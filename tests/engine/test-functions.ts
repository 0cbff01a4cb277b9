import { appendFileSync } from "node:fs";
import { inngest } from "@/lib/inngest/client.ts";

// Small functions that exercise each part of the protocol. Counters record how often each
// step body really ran, which is what memoization must keep at one.
export const counts = new Map<string, number>();
export const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
export const failTimes: number[] = [];
export const concurrencyLog = {
  current: new Map<string, number>(),
  max: new Map<string, number>(),
  ends: [] as { k: string; at: number }[],
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const multiStep = inngest.createFunction(
  { id: "t-multi", triggers: [{ event: "test/multi" }] },
  async ({ event, step }) => {
    const tag = String(event.data.tag);
    const a = await step.run("a", () => (bump(`${tag}:a`), 1));
    const b = await step.run("b", () => (bump(`${tag}:b`), a + 1));
    // Parallel steps come back as planned ops, each run by its own request.
    const [c, d] = await Promise.all([
      step.run("c", () => (bump(`${tag}:c`), 3)),
      step.run("d", () => (bump(`${tag}:d`), 4)),
    ]);
    return { sum: a + b + c + d };
  },
);

export const sleeper = inngest.createFunction(
  { id: "t-sleep", triggers: [{ event: "test/sleep" }] },
  async ({ step }) => {
    const before = await step.run("before", () => Date.now());
    await step.sleep("nap", "2s");
    const after = await step.run("after", () => Date.now());
    return { before, after };
  },
);

export const failing = inngest.createFunction(
  { id: "t-fail", retries: 2, triggers: [{ event: "test/fail" }] },
  async ({ step }) => {
    await step.run("boom", () => {
      failTimes.push(Date.now());
      throw new Error("receiver exploded");
    });
  },
);

let flakyCalls = 0;
export const flakyCallCount = () => flakyCalls;
export const flaky = inngest.createFunction(
  { id: "t-flaky", retries: 3, triggers: [{ event: "test/flaky" }] },
  async ({ step }) => {
    return step.run("flaky", () => {
      flakyCalls++;
      if (flakyCalls < 3) throw new Error("not yet");
      return "ok";
    });
  },
);

export const sender = inngest.createFunction(
  { id: "t-sender", triggers: [{ event: "test/send" }] },
  async ({ event, step }) => {
    const tag = String(event.data.tag);
    await step.sendEvent(
      "fan",
      [1, 2].map((i) => ({ name: "test/received", data: { tag, i } })),
    );
    return { sent: 2 };
  },
);

export const receiver = inngest.createFunction(
  { id: "t-receiver", triggers: [{ event: "test/received" }] },
  async ({ event }) => ({
    got: event.data,
  }),
);

export const yearly = inngest.createFunction(
  { id: "t-cron", triggers: [{ cron: "0 0 1 1 *" }] },
  async ({ event }) => ({ name: event.name }),
);

export const limited = inngest.createFunction(
  { id: "t-limited", concurrency: [{ key: "event.data.k", limit: 1 }], triggers: [{ event: "test/limited" }] },
  async ({ event, step }) => {
    const k = String(event.data.k);
    await step.run("work", async () => {
      const log = concurrencyLog;
      log.current.set(k, (log.current.get(k) ?? 0) + 1);
      log.max.set(k, Math.max(log.max.get(k) ?? 0, log.current.get(k) ?? 0));
      await pause(Number(event.data.ms));
      log.current.set(k, (log.current.get(k) ?? 1) - 1);
      log.ends.push({ k, at: Date.now() });
    });
  },
);

export const restartable = inngest.createFunction(
  { id: "t-restart", triggers: [{ event: "test/restart" }] },
  async ({ step }) => {
    await step.run("before", () => bump("restart:before"));
    await step.sleep("nap", "1s");
    await step.run("after", () => bump("restart:after"));
    return "resumed";
  },
);

/** Also run by tests/engine/fixtures/crash-child.ts, which is killed inside "second". */
export function crashFunction(markFile: string, hang: boolean) {
  return inngest.createFunction({ id: "t-crash", triggers: [{ event: "test/crash" }] }, async ({ step }) => {
    await step.run("first", () => appendFileSync(markFile, "first\n"));
    await step.run("second", async () => {
      appendFileSync(markFile, "second\n");
      if (hang) await new Promise(() => {});
    });
    return "survived";
  });
}

export const allTestFunctions = [multiStep, sleeper, failing, flaky, sender, receiver, yearly, limited, restartable];
