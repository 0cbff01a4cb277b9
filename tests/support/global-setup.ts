import type { TestProject } from "vitest/node";
import { startScratchPostgres } from "@/lib/db/scratch-postgres.ts";

// One PostgreSQL server for the whole vitest run: TEST_DATABASE_URL's, or else an embedded
// one started here and stopped afterwards. Each test file still makes a database of its own
// on it (tests/support/test-database.ts).
declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("testDatabaseUrl", external);
    return;
  }
  const server = await startScratchPostgres("vitest");
  project.provide("testDatabaseUrl", server.adminUrl);
  return () => server.destroy();
}
