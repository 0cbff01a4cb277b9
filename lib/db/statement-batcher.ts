// Group commit for one kind of statement: calls that arrive while the previous statement is
// in flight are sent together as one statement when it returns. A lone call goes out at once
// (no timer, no added wait); under load, N concurrent calls cost one round trip instead of N.
// Each caller still gets its own result, after the statement that carried it has committed.

export type BatchRunner<I, O> = (items: I[]) => Promise<O[]>;

type Waiting<I, O> = { item: I; resolve(value: O): void; reject(err: unknown): void };

/**
 * `run` receives items with distinct keys (one row per key is all a set-based UPDATE can
 * apply) and returns one result per item, in order. A key already in the batch waits for
 * the next one. If a batch fails, its items are retried one by one, so one bad row fails
 * only its own caller.
 */
export function createStatementBatcher<I, O>(run: BatchRunner<I, O>, keyOf: (item: I) => string, maxBatch = 200): (item: I) => Promise<O> {
  let queue: Waiting<I, O>[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    while (queue.length > 0) {
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
      await settle(batch);
    }
    flushing = false;
  }

  async function settle(batch: Waiting<I, O>[]) {
    try {
      const results = await run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) await settle([w]);
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void flush();
    });
}
