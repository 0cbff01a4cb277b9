-- The engine's claim as one statement's work (lib/engine/claims.ts claimRuns): the advisory
-- lock that serialises claims across processes, then the claim, in a function, so that a claim
-- costs one round trip instead of three (BEGIN with the lock, the claim, COMMIT). One statement
-- could not do both: its snapshot would predate the lock, and another process's claim committed
-- in between would be invisible to its count of busy slots; a VOLATILE function's statements each
-- take a fresh snapshot, so the claim sees every claim committed before it got the lock. The lock
-- is the transaction's: it is released when the calling statement's transaction commits, after
-- the claim's writes are visible. The claim runs on a generic plan (its tables are reached through
-- partial indexes and primary keys whatever the parameters hold; planning it on every call cost
-- more than running it when little is due).
-- $1 the served functions (id, key_limit, fn_limit, batch_size, batch_timeout_ms), $2 the run ids
-- this process holds, $3 how many due runs and batch heads to look at, $4 how many to take,
-- $5 the lease, $6 the lease tokens' prefix, $7 the ids' prefix of the batches' new runs.
-- One row per run taken: its columns as one jsonb object, with its memoized steps and what the
-- claim saw that was due ("seen").
CREATE FUNCTION engine_claim_runs(jsonb, jsonb, int, int, interval, text, text) RETURNS SETOF jsonb
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
AS $claim$
BEGIN
  PERFORM pg_advisory_xact_lock(726354001);
  RETURN QUERY
WITH fns AS (
  SELECT f.* FROM jsonb_to_recordset($1::jsonb)
    AS f(id text, key_limit int, fn_limit int, batch_size int, batch_timeout_ms double precision)),
busy AS (
  SELECT function_id, concurrency_key, slots FROM engine_runs WHERE status = 'running' AND locked_until >= now()),
busy_fn AS (SELECT function_id, count(*)::int AS n FROM busy GROUP BY function_id),
busy_key AS (SELECT concurrency_key, sum(slots)::int AS n FROM busy WHERE concurrency_key IS NOT NULL GROUP BY concurrency_key),
-- The (function, key) pairs with open items: a loose index scan over engine_batch_items_open_idx,
-- one probe per pair, not a walk of the items waiting for a batch.
keys AS MATERIALIZED (
  WITH RECURSIVE k AS (
    (SELECT i.function_id, i.batch_key FROM engine_batch_items i WHERE i.batch_run_id IS NULL
     ORDER BY i.function_id, i.batch_key LIMIT 1)
    UNION ALL
    SELECT n.function_id, n.batch_key FROM k, LATERAL (
      SELECT i.function_id, i.batch_key FROM engine_batch_items i
      WHERE i.batch_run_id IS NULL AND (i.function_id, i.batch_key) > (k.function_id, k.batch_key)
      ORDER BY i.function_id, i.batch_key LIMIT 1) n)
  SELECT function_id, batch_key FROM k),
-- The oldest open item of each key of a served function: the only one of the key that can start
-- a batch (of a function that no longer batches too: it starts a batch of one).
heads AS (
  SELECT h.* FROM keys k JOIN fns f ON f.id = k.function_id
  CROSS JOIN LATERAL (
    SELECT i.function_id, i.event_id, i.batch_key, i.concurrency_key, i.created_at, i.seq, i.event FROM engine_batch_items i
    WHERE i.function_id = k.function_id AND i.batch_key = k.batch_key AND i.batch_run_id IS NULL
    ORDER BY i.created_at, i.seq LIMIT 1) h),
-- The heads whose function and concurrency key have a free slot (a batch about to open counts 1),
-- locked by a probe of the one row with every column of both its indexes given: with fewer
-- (an IN on the primary key) the planner of a table without statistics yet walked every open
-- item of the function per head.
picked_heads AS (
  SELECT i.* FROM (
    SELECT h.* FROM heads h JOIN fns f ON f.id = h.function_id
    WHERE (f.fn_limit IS NULL OR coalesce((SELECT n FROM busy_fn b WHERE b.function_id = h.function_id), 0) < f.fn_limit)
      AND (h.concurrency_key IS NULL OR f.key_limit IS NULL
           OR coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = h.concurrency_key), 0) < f.key_limit)
    ORDER BY h.created_at, h.seq
    LIMIT $3) h
  CROSS JOIN LATERAL (
    SELECT i.function_id, i.event_id, i.batch_key, i.concurrency_key, i.created_at, i.seq, i.event FROM engine_batch_items i
    WHERE i.function_id = h.function_id AND i.event_id = h.event_id AND i.batch_key = h.batch_key
      AND i.created_at = h.created_at AND i.seq = h.seq AND i.batch_run_id IS NULL
    FOR UPDATE OF i SKIP LOCKED) i),
-- Runs picked may take, each part from a partial index of its own: due queued runs
-- (engine_runs_queued_idx) and expired leases (engine_runs_running_idx). picked_runs keeps its
-- whole condition; these only narrow the scan.
candidates AS (
  SELECT r.id FROM engine_runs r WHERE r.status = 'queued' AND r.wake_at <= now()
  UNION ALL
  SELECT r.id FROM engine_runs r WHERE r.status = 'running' AND r.locked_until < now()),
picked_runs AS (
  SELECT r.id, r.function_id, r.concurrency_key, r.wake_at, r.slots
  FROM engine_runs r JOIN fns f ON f.id = r.function_id
  WHERE r.id = ANY (ARRAY(SELECT id FROM candidates))
    AND ((r.status = 'queued' AND r.wake_at <= now()) OR (r.status = 'running' AND r.locked_until < now()))
    AND r.id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
    AND (f.fn_limit IS NULL OR coalesce((SELECT n FROM busy_fn b WHERE b.function_id = r.function_id), 0) < f.fn_limit)
    AND (r.concurrency_key IS NULL OR f.key_limit IS NULL
         OR coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = r.concurrency_key), 0) + least(r.slots, f.key_limit) <= f.key_limit)
  ORDER BY r.wake_at
  LIMIT $3
  FOR UPDATE OF r SKIP LOCKED),
-- Existing runs to resume or start, and batches to open (a head, under the id its run will get:
-- this claim's prefix and a number; an item is due from its creation).
picked AS (
  SELECT p.id, p.function_id, p.concurrency_key, p.wake_at, p.slots, false AS opens_batch,
         NULL::text AS batch_key, NULL::timestamptz AS created_at, NULL::bigint AS seq, NULL::text AS head_id, NULL::jsonb AS event
  FROM picked_runs p
  UNION ALL
  SELECT $7::text || lpad((row_number() OVER (ORDER BY h.created_at, h.seq))::text, 4, '0'), h.function_id, h.concurrency_key,
         h.created_at, 1, true, h.batch_key, h.created_at, h.seq, h.event_id, h.event
  FROM picked_heads h),
ranked AS (
  -- A batch about to open counts 1 here; it takes more slots only out of what is left (below).
  SELECT p.*, sum(CASE WHEN p.opens_batch THEN 1 ELSE least(p.slots, coalesce(f.key_limit, 1)) END) OVER (PARTITION BY p.concurrency_key ORDER BY p.wake_at, p.id) AS slots_of_key,
         row_number() OVER (PARTITION BY p.function_id ORDER BY p.wake_at, p.id) AS nth_of_fn
  FROM picked p JOIN fns f ON f.id = p.function_id),
fits AS (
  SELECT k.id, k.function_id, k.batch_key, k.created_at, k.seq, k.head_id, k.event, k.opens_batch, k.wake_at, k.concurrency_key,
         CASE WHEN k.opens_batch THEN 1 ELSE least(k.slots, coalesce(f.key_limit, 1)) END AS claimed_slots,
         CASE WHEN k.concurrency_key IS NOT NULL AND f.key_limit IS NOT NULL
              THEN f.key_limit - coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = k.concurrency_key), 0)
         END AS key_free
  FROM ranked k JOIN fns f ON f.id = k.function_id
  WHERE (f.fn_limit IS NULL OR k.nth_of_fn + coalesce((SELECT n FROM busy_fn b WHERE b.function_id = k.function_id), 0) <= f.fn_limit)
    AND (k.concurrency_key IS NULL OR f.key_limit IS NULL
         OR k.slots_of_key + coalesce((SELECT n FROM busy_key b WHERE b.concurrency_key = k.concurrency_key), 0) <= f.key_limit)
  ORDER BY k.wake_at, k.id
  LIMIT $4),
-- What a batch opening here may grow to: the slots of its key that nothing else claimed here
-- takes (only the first batch of a key grows; another counts 1).
fitted AS (
  SELECT k.*,
         CASE WHEN k.key_free IS NULL THEN NULL
              WHEN k.opens_batch AND row_number() OVER (PARTITION BY k.concurrency_key, k.opens_batch ORDER BY k.wake_at, k.id) = 1
                THEN k.key_free - sum(k.claimed_slots) OVER (PARTITION BY k.concurrency_key) + 1
              ELSE 1 END AS free
  FROM fits k),
-- Each batch started here takes its key's other open items, queued within the timeout of its
-- first: the oldest it may take (maxSize - 1 of them), a range of engine_batch_items_open_idx
-- that ends at the timeout. A function that no longer batches takes none. (Counting only those
-- as others below changes nothing: free is at most the key's limit.)
joining AS (
  SELECT j.event_id, j.event, j.created_at, j.seq, k.id AS batch_id, k.function_id FROM fitted k
    JOIN fns f ON f.id = k.function_id
    CROSS JOIN LATERAL (
      SELECT i.event_id, i.event, i.created_at, i.seq FROM engine_batch_items i
      WHERE i.function_id = k.function_id AND i.batch_key = k.batch_key AND i.batch_run_id IS NULL
        AND (i.created_at, i.seq) > (k.created_at, k.seq)
        AND i.created_at <= k.created_at + f.batch_timeout_ms * interval '1 millisecond'
      ORDER BY i.created_at, i.seq
      LIMIT greatest(coalesce(f.batch_size, 1) - 1, 0)
      FOR UPDATE OF i SKIP LOCKED) j
  WHERE k.opens_batch),
members AS (
  SELECT j.*, row_number() OVER (PARTITION BY j.batch_id ORDER BY j.created_at, j.seq) AS nth,
         count(*) OVER (PARTITION BY j.batch_id) AS others
  FROM joining j),
-- A batch holds min(its size, the key's limit) slots (it sends that many at once): it takes
-- up to maxSize when that fits in the key's free slots, else only as many as are free.
taken AS (
  SELECT m.* FROM members m JOIN fitted k ON k.id = m.batch_id JOIN fns f ON f.id = k.function_id
  WHERE m.nth < f.batch_size
    AND (k.free IS NULL OR k.free >= least(1 + m.others, f.key_limit) OR m.nth < k.free)),
batches AS (
  SELECT k.id, k.function_id, k.head_id, k.event, k.batch_key, k.concurrency_key,
         jsonb_build_array(k.event) || coalesce(t.events, '[]'::jsonb) AS events,
         CASE WHEN k.free IS NULL THEN 1 ELSE least(1 + coalesce(t.n, 0), f.key_limit) END AS slots
  FROM fitted k JOIN fns f ON f.id = k.function_id
  LEFT JOIN (SELECT batch_id, jsonb_agg(event ORDER BY nth) AS events, count(*)::int AS n FROM taken GROUP BY batch_id) t
    ON t.batch_id = k.id
  WHERE k.opens_batch),
-- The batch's items now belong to its run: they leave the open index, and keep their event ids
-- (dedupe) while the run is kept.
marked AS (
  UPDATE engine_batch_items i SET batch_run_id = x.batch_id
  FROM (SELECT batch_id, function_id, event_id FROM taken UNION ALL SELECT id, function_id, head_id FROM batches) x
  WHERE i.function_id = x.function_id AND i.event_id = x.event_id),
-- A batch's run has no event_id of its own (its items hold its events' ids): a unique (function,
-- event id) that a run of the same id could take meanwhile would fail the whole claim.
opened AS (
  INSERT INTO engine_runs (id, function_id, event, status, attempt, wake_at, locked_until, concurrency_key, lease_token,
                           batch_key, events, slots, created_at, updated_at)
  SELECT b.id, b.function_id, b.event, 'running', 0, now(), now() + $5::interval, b.concurrency_key, $6 || b.id,
         b.batch_key, b.events, b.slots, now(), now()
  FROM batches b
  RETURNING id, function_id, event, events, attempt, concurrency_key, lease_token),
resumed AS (
  UPDATE engine_runs r SET status = 'running', locked_until = now() + $5::interval, updated_at = now(), lease_token = $6 || r.id
  FROM fitted k WHERE r.id = k.id AND NOT k.opens_batch
  RETURNING r.id, r.function_id, r.event, r.events, r.attempt, r.concurrency_key, r.lease_token,
    (SELECT coalesce(json_agg(json_build_array(s.hash, s.data) ORDER BY s.created_at), '[]'::json)
     FROM engine_steps s WHERE s.run_id = r.id) AS steps),
-- What the claim saw that was due: runs, heads (a head of a busy key waits for a slot), and the
-- items a batch started here left behind in its key: those it found and did not take (no free
-- slot for them), one more when it filled up to maxSize (more may wait), and one more when an
-- item waits beyond its timeout (the next batch's head), so that the run's end claims the key's
-- next batch instead of leaving it to the poll.
left_behind AS (
  SELECT coalesce(sum(coalesce(j.others, 0) - coalesce(t.n, 0)
           + CASE WHEN coalesce(j.others, 0) >= coalesce(f.batch_size, 1) - 1 THEN 1 ELSE 0 END
           + CASE WHEN EXISTS (
                    SELECT 1 FROM engine_batch_items i
                     WHERE i.function_id = k.function_id AND i.batch_key = k.batch_key AND i.batch_run_id IS NULL
                       AND i.created_at > k.created_at + f.batch_timeout_ms * interval '1 millisecond')
                  THEN 1 ELSE 0 END), 0) AS n
  FROM fitted k JOIN fns f ON f.id = k.function_id
  LEFT JOIN (SELECT batch_id, count(*) AS others FROM joining GROUP BY batch_id) j ON j.batch_id = k.id
  LEFT JOIN (SELECT batch_id, count(*) AS n FROM taken GROUP BY batch_id) t ON t.batch_id = k.id
  WHERE k.opens_batch),
seen AS (
  SELECT ((SELECT count(*) FROM candidates) + (SELECT count(*) FROM heads) + (SELECT n FROM left_behind))::int AS n)
SELECT to_jsonb(o) || jsonb_build_object('steps', '[]'::jsonb, 'seen', (SELECT n FROM seen)) FROM opened o
UNION ALL
SELECT to_jsonb(r) || jsonb_build_object('seen', (SELECT n FROM seen)) FROM resumed r;
END
$claim$;
