import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/inngest/client.ts";
import type { Engine } from "@/lib/engine/engine.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { finishedRun, runsOf, startTestEngine, waitFor } from "./engine-harness.ts";
import {
  allTestFunctions,
  concurrencyLog,
  counts,
  crashFunction,
  failTimes,
  flakyCallCount,
} from "./test-functions.ts";

/** The engine's behaviour, run against a fresh database. */
export function engineSuite() {
  describe("embedded engine", () => {
    let database: TestDatabase;
    let engine: Engine;
    const markFile = path.join(mkdtempSync(path.join(tmpdir(), "engine-crash-")), "marks");
    const functions = [...allTestFunctions, crashFunction(markFile, false)];

    beforeAll(async () => {
      database = await createTestDatabase();
      engine = await startTestEngine(database.prisma, functions);
    });

    afterAll(async () => {
      await engine?.stop();
      await database?.drop();
    });

    it("runs a multi-step function to completion, each step once, parallel steps included", async () => {
      await inngest.send({ name: "test/multi", data: { tag: "m1" } });
      const [run] = await finishedRun(database.prisma, "t-multi");
      expect(run.status).toBe("completed");
      expect(run.output).toEqual({ sum: 10 });
      for (const s of ["a", "b", "c", "d"]) expect(counts.get(`m1:${s}`)).toBe(1);
      expect(await database.prisma.engineStep.count({ where: { runId: run.id } })).toBe(4);
    });

    it("sleeps durably: the run is parked with a wake-up time, then resumes", async () => {
      await engine.send([{ name: "test/sleep", data: {} }]);
      const parked = await waitFor(
        async () =>
          (await runsOf(database.prisma, "t-sleep")).find(
            (r) => r.status === "queued" && r.wakeAt.getTime() > Date.now(),
          ),
        5000,
        "parked run",
      );
      expect(parked.wakeAt.getTime() - Date.now()).toBeGreaterThan(1000);
      const [run] = await finishedRun(database.prisma, "t-sleep");
      const out = run.output as { before: number; after: number };
      expect(run.status).toBe("completed");
      expect(out.after - out.before).toBeGreaterThanOrEqual(1900);
    });

    it("retries a failing step with backoff, then fails the run", async () => {
      await engine.send([{ name: "test/fail", data: {} }]);
      const [run] = await finishedRun(database.prisma, "t-fail");
      expect(run.status).toBe("failed");
      expect(run.error).toContain("receiver exploded");
      expect(failTimes).toHaveLength(3); // retries: 2
      expect(failTimes[1] - failTimes[0]).toBeGreaterThanOrEqual(140);
      expect(failTimes[2] - failTimes[1]).toBeGreaterThanOrEqual(140);
    });

    it("a step that fails and then succeeds lets the run complete", async () => {
      await engine.send([{ name: "test/flaky", data: {} }]);
      const [run] = await finishedRun(database.prisma, "t-flaky");
      expect(run).toMatchObject({ status: "completed", output: "ok" });
      expect(flakyCallCount()).toBe(3);
    });

    it("step.sendEvent starts the functions that listen for those events", async () => {
      await engine.send([{ name: "test/send", data: { tag: "s1" } }]);
      const runs = await finishedRun(database.prisma, "t-receiver", 2);
      expect(runs.map((r) => r.output).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
        { got: { tag: "s1", i: 1 } },
        { got: { tag: "s1", i: 2 } },
      ]);
    });

    it("an event id seen before starts nothing", async () => {
      await engine.send([{ name: "test/multi", id: "dup-1", data: { tag: "dup" } }]);
      await engine.send([{ name: "test/multi", id: "dup-1", data: { tag: "dup" } }]);
      const ids = await inngest.send({ name: "test/multi", id: "dup-1", data: { tag: "dup" } });
      expect(ids.ids).toEqual(["dup-1"]);
      await waitFor(async () => counts.get("dup:d") === 1, 10_000, "the dup run");
      await new Promise((r) => setTimeout(r, 300));
      const runs = await database.prisma.engineRun.findMany({ where: { event: { path: ["id"], equals: "dup-1" } } });
      expect(runs).toHaveLength(1);
      expect(counts.get("dup:a")).toBe(1);
    });

    it("fires a cron function when its time comes, and schedules the next time", async () => {
      const fnId = `${inngest.id}-t-cron`;
      const cron = await database.prisma.engineCron.findUniqueOrThrow({ where: { functionId: fnId } });
      expect(cron.nextAt.getUTCMonth()).toBe(0);
      expect(cron.nextAt.getTime()).toBeGreaterThan(Date.now());
      await database.prisma.engineCron.update({
        where: { functionId: fnId },
        data: { nextAt: new Date(Date.now() - 1000) },
      });
      const [run] = await finishedRun(database.prisma, "t-cron");
      expect(run.output).toEqual({ name: "inngest/scheduled.timer" });
      const after = await database.prisma.engineCron.findUniqueOrThrow({ where: { functionId: fnId } });
      expect(after.nextAt.getTime()).toBeGreaterThan(Date.now());
      expect(await runsOf(database.prisma, "t-cron")).toHaveLength(1);
    });

    it("honours a per-key concurrency limit while other keys proceed", async () => {
      const slow = [1, 2, 3].map(() => ({ name: "test/limited", data: { k: "slow", ms: 400 } }));
      const fast = [1, 2, 3].map((i) => ({ name: "test/limited", data: { k: `fast-${i}`, ms: 10 } }));
      const t0 = Date.now();
      await engine.send([...slow, ...fast]);
      await finishedRun(database.prisma, "t-limited", 6);
      expect(concurrencyLog.max.get("slow")).toBe(1);
      const slowEnds = concurrencyLog.ends.filter((e) => e.k === "slow").map((e) => e.at);
      const fastEnds = concurrencyLog.ends.filter((e) => e.k.startsWith("fast")).map((e) => e.at);
      expect(Math.max(...slowEnds) - t0).toBeGreaterThanOrEqual(1150);
      // The fast keys were not queued behind the slow one.
      expect(Math.max(...fastEnds)).toBeLessThan(Math.min(...slowEnds) + 200);
    });

    it("resumes a sleeping run in a new engine instance without repeating finished steps", async () => {
      await engine.send([{ name: "test/restart", data: {} }]);
      await waitFor(
        async () =>
          (await runsOf(database.prisma, "t-restart")).find(
            (r) => r.status === "queued" && counts.get("restart:before") === 1,
          ),
        5000,
        "sleeping run",
      );
      await engine.stop();
      engine = await startTestEngine(database.prisma, functions);
      const [run] = await finishedRun(database.prisma, "t-restart");
      expect(run).toMatchObject({ status: "completed", output: "resumed" });
      expect(counts.get("restart:before")).toBe(1);
      expect(counts.get("restart:after")).toBe(1);
    });

    // Two processes on one database; e2e/engine-crash.spec.ts kills the real app as well.
    it("picks up a run whose process was killed mid-step (SIGKILL)", async () => {
      // Only the child serves at first (either engine may claim a queued run).
      await engine.stop();
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "tests/engine/fixtures/crash-child.ts", database.url, markFile],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: process.env,
        },
      );
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      try {
        await waitFor(
          async () => readMarks(markFile).includes("second"),
          30_000,
          `the child to reach step "second" (${stderr})`,
        );
      } finally {
        child.kill("SIGKILL");
        engine = await startTestEngine(database.prisma, functions);
      }
      const [run] = await finishedRun(database.prisma, "t-crash", 1, 20_000);
      expect(run).toMatchObject({ status: "completed", output: "survived" });
      // "first" completed before the kill and is not repeated; "second" was interrupted and runs again.
      expect(readMarks(markFile)).toEqual(["first", "second", "second"]);
    });
  });
}

function readMarks(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}
