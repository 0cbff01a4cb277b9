import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inPoolTransaction } from "@/lib/db/pool-transaction.ts";
import { hotPoolOf } from "@/lib/db/prepared-statements.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

// A pooled transaction holds its connection across queries (BEGIN, the work, COMMIT: the plan
// freshness check's ANALYZE; the engine's claim did before it became one statement). pg-pool
// stops listening for a client's errors while it is checked out, so a connection the server ends
// between two of them (a restart: tests/reliability/multi-process-faults.test.ts) was an 'error'
// event with no listener, an uncaught exception that ended the process. Here the server really
// terminates the transaction's backend right after its first query.

describe("a pooled transaction whose connection is lost between its queries", () => {
  let database: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it("fails that transaction with an error, and the next one works on a new connection", async () => {
    // The pool the plan freshness check's transaction runs on.
    const pool = hotPoolOf(database.prisma)!;
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    let terminated = false;
    (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
      const client = await connect();
      const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...a: unknown[]) => Promise<unknown> }).query = async (...args) => {
        const result = await query(...args);
        if (!terminated) {
          terminated = true;
          const pid = (client as unknown as { processID: number }).processID;
          const ended = new Promise((r) => (client as unknown as pg.Client).once("end", r));
          await admin.query("SELECT pg_terminate_backend($1)", [pid]);
          await ended; // the server's goodbye arrived while no query was running
        }
        return result;
      };
      return client;
    };
    const transaction = () =>
      inPoolTransaction(pool, "BEGIN; SET LOCAL lock_timeout = '200ms'", async (client) =>
        Number((await client.query<{ n: number }>("SELECT 1 AS n")).rows[0].n),
      );
    await expect(transaction()).rejects.toThrow();
    expect(terminated).toBe(true);
    (pool as unknown as { connect: typeof connect }).connect = connect;
    await expect(transaction()).resolves.toBe(1);
  });
});
