import { randomFillSync } from "node:crypto";

// Crockford base32, as ULIDs use: IDs sort by creation time, which keeps cursor
// pagination and "newest first" cheap without a second sort key.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

// Random bytes are drawn from the OS 4 KB at a time (~150 ids), not per id: a delivery makes
// three ids (its attempt, the engine's run, the event's) and randomBytes(16) each time was 3 %
// of the engine process's CPU at full speed (one native call and a Buffer per id); now 0.3 %.
// The same CSPRNG, each byte used once, so the ids are as unpredictable as before.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolAt = POOL_BYTES;

function encodeRandom(bytes: number): string {
  if (poolAt + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let out = "";
  // 256 is a multiple of 32: `% 32` of a uniform byte is uniform over the alphabet.
  for (let i = poolAt, end = poolAt + bytes; i < end; i++) out += ALPHABET[pool[i] % 32];
  poolAt += bytes;
  return out;
}

/** A time-sortable unique ID such as `evt_01JQ…`. */
export function newId(prefix: string): string {
  return `${prefix}_${encodeTime(Date.now())}${encodeRandom(16)}`.toLowerCase();
}

let lastMs = -1;
let sequence = 0;

/**
 * Like newId, and also ordered within this process when several are made in one millisecond
 * (a counter follows the time): the embedded engine orders the events of a batch by it.
 */
export function newOrderedId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else sequence++;
  let counter = "";
  for (let n = sequence, i = 0; i < 6; i++, n = Math.floor(n / 32)) counter = ALPHABET[n % 32] + counter;
  return `${prefix}_${encodeTime(lastMs)}${counter}${encodeRandom(10)}`.toLowerCase();
}
