// Text that can be stored and sent everywhere the app keeps it: SQLite, the hub's PostgreSQL
// (whose text and jsonb refuse U+0000, and jsonb a lone surrogate) and Excel files. One NUL in a
// synced cell once answered every push of a station with a 500 and held its outbox for good.

// U+0000, and a UTF-16 surrogate without its pair (what a broken file or a forged payload holds).
// eslint-disable-next-line no-control-regex -- U+0000 is what the check is for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string holds a character no store of the app can keep. */
export function unstorable(s: string): boolean {
  return UNSTORABLE.test(s);
}
