// npm run db:seed [-- --with-second-agency] — the demo agency, its users and a webhook to the local
// receiver, for trying the app. It connects to the same database as the app (the embedded server or
// DATABASE_URL), so it runs while the app is running, and running it again changes nothing.
// --with-second-agency adds Globex, which the browser suites' cross-agency checks sign in to.
import "dotenv/config";
import { parseArgs } from "node:util";
import { prepareLocalSecrets } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { DEMO_PASSWORD, DEMO_RECEIVER_URL, seedDemo } from "./seed-demo.ts";

let secondAgency: boolean;
try {
  secondAgency = parseArgs({ options: { "with-second-agency": { type: "boolean", default: false } } }).values[
    "with-second-agency"
  ];
} catch (err) {
  console.error(`${(err as Error).message}. Usage: npm run db:seed [-- --with-second-agency]`);
  process.exit(2);
}

prepareLocalSecrets();
const database = await getDatabase();
try {
  const result = await seedDemo(database.prisma, { secondAgency });
  const other = result.otherAgency ? ` and "${result.otherAgency.name}" (slug ${result.otherAgency.slug})` : "";
  console.log(`Seeded "${result.agency.name}" (slug ${result.agency.slug})${other}.`);
  console.log(
    `Sign in as owner@northwind.test, admin@northwind.test or member@northwind.test, password ${DEMO_PASSWORD}`,
  );
  console.log(`Webhook "Local receiver" → ${DEMO_RECEIVER_URL}, every event. Watch it with:`);
  console.log(`  npm run receiver -- --port ${new URL(DEMO_RECEIVER_URL).port || 80} --secret ${result.demoSecret}`);
} finally {
  await database.close();
}
