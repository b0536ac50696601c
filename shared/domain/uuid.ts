// UUIDv7 (RFC 9562): 48-bit unix milliseconds, then random bits. Time-ordered ids keep
// SQLite's b-tree inserts local. Uses Web Crypto, which Node 20+ and browsers both have.

let lastMs = -1;
let lastSeq = 0;

export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
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
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
