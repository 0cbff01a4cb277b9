import { expect, test } from "@playwright/test";
import { startReceiver, type Receiver } from "../tests/support/receiver.ts";
import { emitThroughApp, startApp, type AppProcess } from "./support/app-process.ts";

// The app is killed with SIGKILL while deliveries wait for their retries; after a restart
// every delivery completes and none is lost. Runs its own server (not the suite's).
test.describe.configure({ mode: "serial" });
test.skip(Boolean(process.env.E2E_BASE_URL), "needs to start and kill its own server");

const TOKEN = "crash-test-operator-token-0123456789";
const EVENTS = 20;
let receiver: Receiver;
let app: AppProcess | undefined;

test.afterAll(async () => {
  await app?.kill();
  await receiver?.close();
});

test("SIGKILL while retries are pending: after restart every event reaches the receiver", async () => {
  test.setTimeout(240_000);
  // Every first attempt fails, so each delivery is waiting for a retry when the app dies.
  const seen = new Set<string>();
  const succeeded = new Set<string>();
  receiver = await startReceiver((req) => {
    const id = req.headers["x-aosai-event-id"];
    if (seen.has(id)) {
      succeeded.add(id);
      return { status: 200 };
    }
    seen.add(id);
    return { status: 500, body: "not yet" };
  });
  const options = {
    port: Number(process.env.E2E_PORT ?? 3100) + 2,
    dataDir: ".data-e2e/crash",
    logFile: test.info().outputPath("app.log"),
    env: {
      OPERATOR_TOKEN: TOKEN,
      SEED_RECEIVER_URL: `${receiver.url}/webhooks`,
      WEBHOOK_RETRY_SCHEDULE: "3s,3s,3s,3s",
    },
  };
  app = await startApp({ ...options, fresh: true, seed: true });

  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++)
    ids.push(await emitThroughApp(app, TOKEN, { type: "invoice.paid", agency: "northwind" }));
  await receiver.waitForRequests(EVENTS, 60_000);
  await app.kill("SIGKILL");
  expect(succeeded.size).toBeLessThan(EVENTS);
  const beforeRestart = receiver.requests.length;

  app = await startApp(options);
  await expect.poll(() => succeeded.size, { timeout: 150_000, intervals: [1000] }).toBe(EVENTS);

  // Nothing lost, and deduplicated by event ID each event arrived exactly once per endpoint.
  const eventIds = receiver.requests.map((r) => r.headers["x-aosai-event-id"]);
  expect(new Set(eventIds)).toEqual(new Set(ids));
  expect(receiver.requests.length).toBeGreaterThan(beforeRestart);
  for (const r of receiver.requests) expect(r.headers["x-aosai-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
});
