import { getDatabase } from "@/lib/db/index.ts";

export async function startServer(): Promise<void> {
  const database = await getDatabase();
  console.log(`[agency-os] database ready (${database.kind})`);
}
