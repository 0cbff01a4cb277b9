// npm run emit -- <event-type> [--agency <id or slug>] [--data '<json>'] [--id <event id>] [--url http://127.0.0.1:3000]
// Emits an event through the running app (POST /api/events with the local operator token) and
// prints its ID; the app's engine delivers it at once.
//
// The rule: this CLI only ever talks to the app, it never opens the database itself. "Nothing
// listens at the URL" (connection refused) means the app is down: one line, exit 1. Anything that
// listens gets up to EMIT_TIMEOUT_MS to answer, because `next dev` compiles /api/events on its first
// request (tens of seconds on a small machine); a slow answer is never a reason to write the event
// some other way. The request is sent once, so a slow app cannot receive it twice.
//
// Every expected failure (bad arguments, app down, refused by the app) is one line on stderr and a
// non-zero exit: 2 for a usage error, 1 otherwise.
import "dotenv/config";
import { parseArgs } from "node:util";
import { z } from "zod";
import { operatorToken } from "@/lib/auth/operator-token.ts";
import { config } from "@/lib/config/index.ts";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalog.ts";

const USAGE =
  "npm run emit -- <event-type> [--agency <id or slug>] [--data '<json>'] [--id <event id>] [--url <app URL>]";

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

const JsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: `--data must be JSON, e.g. --data '{"id": 42}'` });
    return z.NEVER;
  }
});

const ArgsSchema = z.object({
  type: z.enum(EVENT_TYPES, {
    error: (issue) =>
      issue.input === undefined
        ? `Name an event type: ${USAGE}`
        : `Unknown event type "${String(issue.input)}"; choose one of ${EVENT_TYPES.join(", ")}`,
  }),
  data: JsonText.optional(),
  agency: z.string().trim().min(1, "--agency needs an ID or slug").max(100).optional(),
  id: z.string().trim().min(1, "--id needs a value").max(200).optional(),
  url: z.url({ protocol: /^https?$/, error: "--url must be an http(s) URL, e.g. http://127.0.0.1:3000" }),
  timeoutMs: z.coerce.number().int().positive("EMIT_TIMEOUT_MS must be a positive number of milliseconds"),
});

type Args = z.infer<typeof ArgsSchema>;

function parseCommandLine(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        agency: { type: "string" },
        data: { type: "string" },
        id: { type: "string" },
        url: { type: "string" },
      },
    });
  } catch (err) {
    // Unknown option or a missing value: node:util says which.
    throw new CliError(`${(err as Error).message}. Usage: ${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliError(`One event type at a time. Usage: ${USAGE}`, 2);
  const result = ArgsSchema.safeParse({
    ...values,
    type: positionals[0],
    url: values.url ?? process.env.APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    timeoutMs: process.env.EMIT_TIMEOUT_MS ?? 120_000,
  });
  if (!result.success) throw new CliError(result.error.issues[0].message, 2);
  return result.data;
}

const AnswerSchema = z.object({ id: z.string().optional(), error: z.string().optional() });

function errorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
}

async function emitThroughApp(args: Args): Promise<string> {
  // The app writes the token into its data folder when it starts; none there means it has not.
  let token: string;
  try {
    token = operatorToken();
  } catch {
    throw new CliError(
      `The app has not started with this data folder (${config().dataDir} has no operator-token): start it with npm run dev, or set OPERATOR_TOKEN.`,
      1,
    );
  }
  const endpoint = new URL("/api/events", args.url);
  // Only said when the wait is long enough to wonder about (next dev compiling the route).
  const notice = setTimeout(() => console.error(`Waiting for the app at ${args.url} to answer…`), 3000);
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: args.type, data: args.data, id: args.id, agency: args.agency }),
      signal: AbortSignal.timeout(args.timeoutMs),
    });
  } catch (err) {
    const code = errorCode(err);
    if (code === "ECONNREFUSED")
      throw new CliError(`The app is not running at ${args.url}: start it with npm run dev, or pass --url.`, 1);
    if ((err as Error).name === "TimeoutError")
      throw new CliError(
        `The app at ${args.url} did not answer within ${args.timeoutMs / 1000} s; nothing was emitted.`,
        1,
      );
    throw new CliError(`Could not reach the app at ${args.url}: ${code ?? (err as Error).message}`, 1);
  } finally {
    clearTimeout(notice);
  }
  const answer = AnswerSchema.safeParse(await res.json().catch(() => undefined));
  if (res.status === 201 && answer.success && answer.data.id) return answer.data.id;
  if (res.status === 401)
    throw new CliError(
      `Refused: the app at ${args.url} does not accept this operator token (run the CLI with the app's DATA_DIR, or set OPERATOR_TOKEN).`,
      1,
    );
  const reason = answer.success && answer.data.error ? answer.data.error : `HTTP ${res.status} from ${endpoint.href}`;
  throw new CliError(`Refused: ${reason}`, 1);
}

try {
  const args = parseCommandLine(process.argv.slice(2));
  const id = await emitThroughApp(args);
  console.log(id);
  console.error(`Emitted ${args.type} through the app at ${args.url}.`);
} catch (err) {
  // An unexpected failure too gets its message, not a stack trace: the user cannot act on one.
  console.error(err instanceof CliError ? err.message : `emit failed: ${(err as Error).message}`);
  process.exitCode = err instanceof CliError ? err.exitCode : 1;
}
