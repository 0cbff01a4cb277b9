import { randomBytes } from "node:crypto";

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

function encodeRandom(bytes: number): string {
  const buf = randomBytes(bytes);
  let out = "";
  for (const b of buf) out += ALPHABET[b % 32];
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
