import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { EVENT_TYPES } from "../lib/webhooks/event-catalog.ts";
import { runCommand } from "./support/command.ts";

// `npm run emit` against the suite's running app (seeded with two agencies): every outcome is
// one line on stderr and an exit code, never a stack trace. The CLI reads the app's operator
// token from the app's data folder (scripts/e2e-server.mjs puts it in .data-e2e/<port>).
test.skip(Boolean(process.env.E2E_BASE_URL), "reads the operator token from the suite's own server's data folder");

const PORT = Number(process.env.E2E_PORT ?? 3100);

type Run = Awaited<ReturnType<typeof runCommand>>;

const emit = (args: string[], env: Record<string, string> = {}) =>
  runCommand("npx", ["tsx", "scripts/emit.ts", ...args], {
    ...process.env,
    DATA_DIR: `.data-e2e/${PORT}`,
    OPERATOR_TOKEN: "",
    NODE_ENV: "production",
    ...env,
  });

function expectOneLine(run: Run, code: number, message: RegExp) {
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe("");
  expect(run.code).toBe(code);
}

/** A port nothing listens on: bound, noted, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

test("emits through the app and prints the event's ID", async ({ baseURL }) => {
  const run = await emit(["invoice.paid", "--agency", "northwind", "--url", baseURL!]);
  expect(run.stderr).toContain(`Emitted invoice.paid through the app at ${baseURL}`);
  expect(run.stdout.trim()).toMatch(/^evt_\w+$/);
  expect(run.code).toBe(0);
});

test("several agencies and no --agency: refused, naming the slugs", async ({ baseURL }) => {
  expectOneLine(
    await emit(["invoice.paid", "--url", baseURL!]),
    1,
    /^Refused: Choose an agency with --agency: .*northwind/,
  );
});

test("an unknown agency is refused", async ({ baseURL }) => {
  expectOneLine(
    await emit(["invoice.paid", "--agency", "nobody-here", "--url", baseURL!]),
    1,
    /^Refused: No agency with ID or slug "nobody-here"$/,
  );
});

test("data that does not fit the event type is refused, naming the field", async ({ baseURL }) => {
  const run = await emit([
    "invoice.paid",
    "--agency",
    "northwind",
    "--data",
    '{"id": "not-a-number"}',
    "--url",
    baseURL!,
  ]);
  expectOneLine(run, 1, /^Refused: .*\bid\b/);
});

test("a wrong operator token is refused with what to do", async ({ baseURL }) => {
  const run = await emit(["invoice.paid", "--url", baseURL!], { OPERATOR_TOKEN: "not-the-apps-token" });
  expectOneLine(run, 1, /^Refused: the app at .* does not accept this operator token/);
});

test("usage errors: no type, an unknown type, bad JSON, an unknown option, a bad URL", async () => {
  expectOneLine(await emit([]), 2, /^Name an event type: npm run emit -- <event-type>/);
  expectOneLine(
    await emit(["invoice.payed"]),
    2,
    new RegExp(`^Unknown event type "invoice.payed"; choose one of ${EVENT_TYPES[0]}`),
  );
  expectOneLine(await emit(["invoice.paid", "--data", "{oops"]), 2, /^--data must be JSON/);
  expectOneLine(await emit(["invoice.paid", "--agnecy", "northwind"]), 2, /^Unknown option '--agnecy'/);
  expectOneLine(await emit(["invoice.paid", "--url", "ftp://127.0.0.1"]), 2, /^--url must be an http\(s\) URL/);
});

test("the app down: one line saying so, and nothing written anywhere else", async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  expectOneLine(
    await emit(["invoice.paid", "--agency", "northwind", "--url", url]),
    1,
    new RegExp(`^The app is not running at ${url}: start it with npm run dev, or pass --url\\.$`),
  );
});

test("a data folder the app never started in: one line saying so", async () => {
  const run = await emit(["invoice.paid", "--url", `http://127.0.0.1:${await closedPort()}`], {
    DATA_DIR: ".data-e2e/never-started",
  });
  expectOneLine(
    run,
    1,
    /^The app has not started with this data folder .*: start it with npm run dev, or set OPERATOR_TOKEN\.$/,
  );
});
