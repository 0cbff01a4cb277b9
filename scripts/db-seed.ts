// npm run db:seed — demo agencies, users and a webhook for trying the app and for tests.
import "dotenv/config";
import { prepareLocalSecrets } from "@/lib/config/index.ts";
import { getDatabase } from "@/lib/db/index.ts";
import { DEMO_PASSWORD, DEMO_RECEIVER_URL, seedDemo } from "./seed-demo.ts";

prepareLocalSecrets();
const database = await getDatabase();
try {
  const result = await seedDemo(database.prisma);
  console.log(
    `Seeded "${result.agency.name}" (slug ${result.agency.slug}) and "${result.otherAgency.name}" (slug ${result.otherAgency.slug}).`,
  );
  console.log(
    `Sign in as owner@northwind.test, admin@northwind.test or member@northwind.test, password ${DEMO_PASSWORD}`,
  );
  console.log(`Webhook "Local receiver" → ${DEMO_RECEIVER_URL}, every event. Watch it with:`);
  console.log(`  npm run receiver -- --port 4000 --secret ${result.demoSecret}`);
} finally {
  await database.close();
}
