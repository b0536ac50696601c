import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from './open';

export const BACKUPS_KEPT = 7;
const NAME_RE = /^branch-desk-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.sqlite$/;

/** Online backup (better-sqlite3's backup API) into dir, keeping the newest BACKUPS_KEPT. */
export async function backupDatabase(db: Sqlite, dir: string, day: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  let target = path.join(dir, `branch-desk-${day}.sqlite`);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `branch-desk-${day}-${n}.sqlite`);
  await db.backup(target);
  pruneBackups(dir);
  return target;
}

export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => NAME_RE.test(f))
    .sort((a, b) => {
      const [, da, na] = NAME_RE.exec(a)!;
      const [, dbb, nb] = NAME_RE.exec(b)!;
      return da === dbb ? Number(na ?? 1) - Number(nb ?? 1) : da! < dbb! ? -1 : 1;
    });
}

function pruneBackups(dir: string): void {
  const all = listBackups(dir);
  for (const f of all.slice(0, Math.max(0, all.length - BACKUPS_KEPT))) fs.rmSync(path.join(dir, f));
}
