// npm run db:stop — stops the embedded PostgreSQL of $DATA_DIR (the app and CLIs start it on
// first use and leave it running for the next process). Nothing to do with DATABASE_URL set.
import "dotenv/config";
import path from "node:path";
import { config } from "@/lib/config/index.ts";
import { stopEmbeddedPostgres } from "@/lib/db/embedded-postgres.ts";

const cluster = path.join(config().dataDir, "postgres");
if (config().databaseUrl) console.log("DATABASE_URL is set: that server is not this app's to stop.");
else if (await stopEmbeddedPostgres(config().dataDir)) console.log(`Stopped the embedded PostgreSQL in ${cluster}.`);
else console.log(`The embedded PostgreSQL in ${cluster} is not running.`);
