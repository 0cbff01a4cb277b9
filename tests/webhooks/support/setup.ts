import { afterAll, beforeAll } from "vitest";
import { startReceiver, type Receiver } from "../../support/receiver.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

export type FileFixtures = { database: TestDatabase; rx: Receiver };

/**
 * A fresh database and a loopback receiver for one test file: made before its tests, closed
 * and dropped after. The fields are filled in by the time any test runs.
 */
export function setUpDatabaseAndReceiver(): FileFixtures {
  const fixtures = {} as FileFixtures;
  beforeAll(async () => {
    fixtures.database = await createTestDatabase();
    fixtures.rx = await startReceiver();
  });
  afterAll(async () => {
    await fixtures.rx?.close();
    await fixtures.database?.drop();
  });
  return fixtures;
}
