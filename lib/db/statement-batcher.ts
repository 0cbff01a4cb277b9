// Group commit for one kind of statement. A call goes out at once while fewer than
// `maxInFlight` statements of this kind are running; beyond that, calls wait and leave
// together, as one statement, when one of the running ones returns. So a lone call adds no
// wait, and under load N concurrent calls cost about N / batch round trips instead of N.
// Several statements stay in flight so the batches use more than one pooled connection.
// Each caller gets its own result, after the statement that carried it has committed.

export type BatchRunner<I, O> = (items: I[]) => Promise<O[]>;

type Waiting<I, O> = { item: I; resolve(value: O): void; reject(err: unknown): void };

export type BatcherOptions = { maxBatch?: number; maxInFlight?: number; retries?: number };

// Deadlock (40P01) and serialization failure (40001): PostgreSQL rolled the statement back
// and says to try again; anything else is the caller's own error.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);

type DriverError = {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown } } };
};

/** The SQLSTATE of a database error: Prisma keeps it in the driver adapter's cause, pg in `code`. */
export function sqlState(err: unknown): string | undefined {
  const e = err as DriverError | undefined;
  const cause = e?.meta?.driverAdapterError?.cause;
  const code = cause?.code ?? cause?.originalCode ?? e?.code;
  return typeof code === "string" && /^[0-9A-O][0-9A-Z]{4}$/.test(code) ? code : undefined;
}

export const isRetryableConflict = (err: unknown) => RETRYABLE_CODES.has(sqlState(err) ?? "");

/**
 * `run` receives items with distinct keys (one row per key is all a set-based UPDATE can
 * apply) and returns one result per item, in order. A key already in the batch waits for
 * the next one. A batch that lost a deadlock or a serialization conflict is sent again (a
 * few times, after a short random pause); a batch that fails otherwise is retried one item
 * at a time, so one bad row fails only its own caller.
 */
export function createStatementBatcher<I, O>(
  run: BatchRunner<I, O>,
  keyOf: (item: I) => string,
  opts: BatcherOptions = {},
): (item: I) => Promise<O> {
  const maxBatch = opts.maxBatch ?? 200;
  const maxInFlight = opts.maxInFlight ?? 4;
  const retries = opts.retries ?? 3;
  let queue: Waiting<I, O>[] = [];
  let inFlight = 0;

  function pump() {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  function takeBatch(): Waiting<I, O>[] {
    const batch: Waiting<I, O>[] = [];
    const later: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const key = keyOf(w.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(w);
      } else later.push(w);
    }
    queue = later;
    return batch;
  }

  async function settle(batch: Waiting<I, O>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await run(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]));
        return;
      } catch (err) {
        if (isRetryableConflict(err) && attempt < retries) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        if (batch.length === 1) return batch[0].reject(err);
        for (const w of batch) await settle([w]);
        return;
      }
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}

/**
 * One batcher per database client (tests open several databases in one process): the
 * statement runs on the client the caller passed, and only that client's calls are batched.
 */
export function createClientBatcher<C extends object, I, O>(
  run: (client: C, items: I[]) => Promise<O[]>,
  keyOf: (item: I) => string,
  opts: BatcherOptions = {},
): (client: C, item: I) => Promise<O> {
  const batchers = new WeakMap<C, (item: I) => Promise<O>>();
  return (client, item) => {
    let batched = batchers.get(client);
    if (!batched) {
      batched = createStatementBatcher((items: I[]) => run(client, items), keyOf, opts);
      batchers.set(client, batched);
    }
    return batched(item);
  };
}
