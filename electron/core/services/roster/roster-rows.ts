// What the roster's services share: rows as SQLite gives them, and dated periods.
export type Row = Record<string, unknown>;
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
export const inPeriod = (day: string, start: string, end: string | null) => start <= day && (end === null || day <= end);
