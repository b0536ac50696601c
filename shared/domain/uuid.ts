// UUIDv7 (RFC 9562): 48-bit unix milliseconds, then random bits. Time-ordered ids keep
// SQLite's b-tree inserts local. Uses Web Crypto, which Node 20+ and browsers both have.

let lastMs = -1;
let lastSeq = 0;

// Random bytes are drawn 4 KiB at a time: one call per id dominated bulk inserts.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `nowMs` is the caller's clock: shared code never reads the machine's. */
export function uuidv7(nowMs: number): string {
  if (poolAt + 16 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const bytes = pool.slice(poolAt, poolAt + 16);
  poolAt += 16;
  // A 12-bit sequence in rand_a keeps ids monotonic within one millisecond.
  if (nowMs <= lastMs) {
    nowMs = lastMs;
    lastSeq = (lastSeq + 1) & 0xfff;
    if (lastSeq === 0) nowMs = ++lastMs;
  } else {
    lastMs = nowMs;
    lastSeq = bytes[7]! & 0x3f; // leave room to count up
  }
  let ms = nowMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((lastSeq >> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (const b of bytes) hex += HEX[b];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
