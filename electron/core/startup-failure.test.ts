import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors';
import { startupFailureText } from './startup-failure';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bd startup '));
  dirs.push(d);
  return d;
};

describe('the text shown when the database cannot start', () => {
  const damaged = new AppError('INTERNAL', '数据库完整性检查未通过，已拒绝启动。请从备份恢复。', { reason: 'integrity' });

  it('names --restore with the newest backup of the data folder, quoted when the path has spaces', () => {
    const d = dataDir();
    fs.mkdirSync(path.join(d, 'backups'));
    for (const f of ['branch-desk-2026-11-28.sqlite', 'branch-desk-2026-12-02.sqlite', 'branch-desk-2026-12-02-2.sqlite', 'notes.txt'])
      fs.writeFileSync(path.join(d, 'backups', f), 'x');
    const text = startupFailureText(damaged, { dbPath: path.join(d, 'branch-desk.sqlite'), command: '"Branch Desk.exe"' });
    expect(text).toContain(damaged.message);
    expect(text).toContain(`"Branch Desk.exe" --restore "${path.join(d, 'backups', 'branch-desk-2026-12-02-2.sqlite')}"`);
    expect(text).toContain('共 3 份');
  });

  it('says there is no backup in the folder, and how to restore one from elsewhere', () => {
    const d = dataDir();
    const text = startupFailureText(new AppError('INTERNAL', 'x', { reason: 'not_a_database' }), {
      dbPath: path.join(d, 'branch-desk.sqlite'),
      command: 'node out/main/host.js --data d',
    });
    expect(text).toMatch(/没有备份/);
    expect(text).toContain('node out/main/host.js --data d --restore <备份文件>');
  });

  it('leaves other failures (a wrong key, a driver without encryption) as they are', () => {
    const wrongKey = new AppError('DB_KEY_WRONG', 'the key does not open the database', { reason: 'key_mismatch' });
    expect(startupFailureText(wrongKey, { dbPath: '/nowhere/branch-desk.sqlite', command: 'x' })).toBe(wrongKey.message);
    expect(startupFailureText(new Error('boom'), { dbPath: '/nowhere/branch-desk.sqlite', command: 'x' })).toBe('boom');
  });
});
