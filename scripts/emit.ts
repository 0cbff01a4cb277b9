// npm run emit -- <event-type> [--agency <id or slug>] [--data '<json>'] [--id <event id>] [--url http://127.0.0.1:3000]
// Emits an event through emitEvent and prints its ID. When the app is running it goes
// through the app (POST /api/events with the local operator token) so the app's engine
// delivers at once; otherwise it writes the event to the outbox, delivered when the app starts.
import "dotenv/config";
import { parseArgs } from "node:util";
import { operatorToken } from "@/lib/auth/operator-token.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { emitEvent, EmitEventError } from "@/lib/events/emit-event.ts";
import { resolveAgency } from "@/lib/events/resolve-agency.ts";
import { EVENT_TYPES, isEventType, sampleEventData, type EventData } from "@/lib/webhooks/event-catalog.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { agency: { type: "string" }, data: { type: "string" }, id: { type: "string" }, url: { type: "string" } },
});
const type = positionals[0];
if (!type || !isEventType(type)) {
  console.error(
    `Usage: npm run emit -- <event-type> [--agency <id or slug>] [--data '<json>']\nEvent types: ${EVENT_TYPES.join(", ")}`,
  );
  process.exit(2);
}
let data: unknown;
try {
  data = values.data === undefined ? sampleEventData(type) : JSON.parse(values.data);
} catch {
  console.error("--data must be JSON, e.g. --data '{\"id\": 42}'");
  process.exit(2);
}
const appUrl = values.url ?? process.env.APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

async function appIsUp(): Promise<boolean> {
  try {
    const res = await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(1500) });
    return res.status === 200 || res.status === 503;
  } catch {
    return false;
  }
}

if (await appIsUp()) {
  const res = await fetch(`${appUrl}/api/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${operatorToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ type, data, id: values.id, agency: values.agency }),
  });
  const body = (await res.json().catch(() => ({}))) as { id?: string; error?: string };
  if (res.status !== 201) {
    console.error(`Refused: ${body.error ?? `HTTP ${res.status}`}`);
    process.exit(1);
  }
  console.log(body.id);
  console.error(`Emitted ${type} through the app at ${appUrl}.`);
} else {
  const database = await getDatabase();
  try {
    const agency = await resolveAgency(database.prisma, values.agency);
    if (!agency.ok) throw new EmitEventError(agency.error, "agency");
    const { id } = await database.prisma.$transaction((tx) =>
      emitEvent(tx, { agencyId: agency.id, type, data: data as EventData<typeof type>, id: values.id }),
    );
    console.log(id);
    console.error(
      `The app is not running at ${appUrl}: ${type} for ${agency.name} waits in the outbox and is delivered when the app starts.`,
    );
  } catch (err) {
    console.error(err instanceof EmitEventError ? `Refused: ${err.message}` : (err as Error).message);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
