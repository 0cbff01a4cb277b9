// npm run db:migrate — applies committed migrations to the configured database.
import "dotenv/config";
import { describeDatabase, getDatabase } from "@/lib/db/index.ts";

const database = await getDatabase();
console.log(`Database is up to date (${describeDatabase(database)}).`);
await database.close();
