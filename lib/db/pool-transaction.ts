import type pg from "pg";

/**
 * Runs `work` in a transaction on a client checked out of `pool`: `begin` starts it (BEGIN and
 * whatever shares its round trip: SET LOCAL, an advisory lock), COMMIT after `work`, ROLLBACK if
 * it throws.
 *
 * pg-pool stops listening for a client's errors while it is checked out, and a connection lost
 * between two of these queries (the server restarting) is emitted as 'error' with no listener:
 * an uncaught exception that ended the process. Listened for here, it makes the next query fail
 * and the client be destroyed on release (Prisma's adapter guards its own the same way).
 */
export async function inPoolTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    await client.query(begin);
    const out = await work(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}
