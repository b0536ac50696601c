import path from 'node:path';
import { listBackups } from './db/backup';

/**
 * Why the database refused to start: damaged or no database, the kind a backup fixes. An encrypted
 * file this desk's key does not open is damaged as often as it is another key's (a truncated file,
 * a zeroed header read the same): a backup of this desk opens with its key, so it is offered too.
 */
const RESTORABLE = new Set(['integrity', 'not_a_database', 'wrong_key']);

/** A path as the shell reads it: quoted when it holds a space or a quote. */
export const shellPath = (p: string) => (/[\s"'&|;<>()$`]/.test(p) ? `"${p.replace(/"/g, '\\"')}"` : p);

/**
 * The text of the box (desktop) or the line (browser mode) shown when the core cannot start. For a
 * damaged database it names the way out: `--restore` with the newest backup of the data folder's
 * `backups`, written as the command to run (README, Restoring a damaged database). The main process
 * has no renderer yet at this point, so the text is written here, in Chinese first.
 */
export function startupFailureText(e: unknown, o: { dbPath: string; command: string; backupDir?: string }): string {
  const message = (e as Error)?.message || String(e);
  const reason = (e as { details?: { reason?: unknown } })?.details?.reason;
  if (typeof reason !== 'string' || !RESTORABLE.has(reason)) return message;
  const dir = o.backupDir ?? path.join(path.dirname(o.dbPath), 'backups');
  const backups = listBackups(dir);
  const newest = backups.length ? path.join(dir, backups[backups.length - 1]!) : null;
  const lines = [message, ''];
  if (newest) {
    lines.push(
      '从备份恢复：关闭本程序，在命令行运行',
      `  ${o.command} --restore ${shellPath(newest)}`,
      `这是最新的备份（备份文件夹 ${dir} 中共 ${backups.length} 份）；也可以换成其中较早的一份，或 U 盘上的备份。损坏的数据库会原样保留在旁边。`,
    );
  } else {
    lines.push(`备份文件夹 ${dir} 中没有备份。如有 U 盘或其他位置的备份，在命令行运行`, `  ${o.command} --restore <备份文件>`, '否则请联系系统管理员。');
  }
  lines.push('', 'To restore, run the program with --restore <backup file> (README, Restoring a damaged database).');
  return lines.join('\n');
}
