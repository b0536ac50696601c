import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema';
import type { Sqlite } from './open';

export function createDrizzle(sqlite: Sqlite) {
  return drizzle(sqlite, { schema });
}
export type Db = ReturnType<typeof createDrizzle>;
