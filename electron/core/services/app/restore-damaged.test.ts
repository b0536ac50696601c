import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupEntry } from '../../../../shared/contract/app';
import { createCore, type Core } from '../../create-core';
import { systemClock } from '../../clock';
import { fileKey } from '../../db/db-key';
import { restoreOffline } from '../../restore-offline';
import { ADMIN_PASSWORD, openDeskFile, tempDir } from '../../test/helpers';

// A damaged database can still be restored: after a failed background check (read-only) the
// pre-restore copy is the damaged file kept aside, not a backup that writes to it; and one too
// damaged to start is restored from the command line (--restore <backup>, restoreOffline).

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});
const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

function open(dbPath: string, backupDir: string | null = null) {
  const core = createCore({ dbPath, backupDir, integrityInlineBytes: 0, integrityDelayMs: 60_000 });
  cores.push(core);
  return core;
}
const shut = async (core: Core) => {
  cores.splice(cores.indexOf(core), 1);
  await core.close({ backup: false });
};
async function session(core: Core) {
  const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
  return <T>(m: string, i: unknown) => core.dispatch(m as never, i as never, { sessionToken }).then((r) => ok<T>(r));
}

/** A desk with a few thousand rows and a good backup of it; then a row more, and the file closed. */
async function deskWithBackup(dir: string) {
  const dbPath = path.join(dir, 'branch-desk.sqlite');
  const core = open(dbPath, path.join(dir, 'backups'));
  ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
  const call = await session(core);
  const s = await call<{ id: string }>('offices.create', { name: '景山所', code: '330304' });
  const ins = core.sqlite.prepare("INSERT INTO business (id, office_id, created_at, updated_at, name, reg_no, address) VALUES (?, ?, 't', 't', ?, ?, ?)");
  core.sqlite.transaction(() => {
    for (let i = 0; i < 3000; i++)
      ins.run(`b-${String(i).padStart(6, '0')}`, s.id, `温州市瓯海区景山鑫达五金店${i}`, `3303040${String(i).padStart(8, '0')}`, `景山街道温瞿东路${i}号`);
  })();
  const backup = await call<BackupEntry>('backup.create', { folder: tempDir('bd-usb-') });
  await call('offices.create', { name: '后来的所', code: '330304' });
  await shut(core);
  return { dbPath, backup };
}

function corruptIndexPage(file: string) {
  const db = openDeskFile(file, { readonly: true });
  const { pageno } = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'business_credit_idx' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3")
    .get() as { pageno: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize - 8, 0x5a), 0, pageSize - 8, (pageno - 1) * pageSize + 8);
  fs.closeSync(fd);
}

const offices = (c: Core) => (c.sqlite.prepare('SELECT name FROM office ORDER BY name').all() as { name: string }[]).map((r) => r.name);

describe('a damaged database', () => {
  it('read-only after a failed check restores: the damaged file is kept aside as the pre-restore copy', async () => {
    const dir = tempDir('bd-damaged-');
    const { dbPath, backup } = await deskWithBackup(dir);
    corruptIndexPage(dbPath);
    let core = open(dbPath, path.join(dir, 'backups'));
    const call = await session(core);
    expect(await core.checkIntegrity()).toBe('failed');
    const r = await call<{ preRestoreBackup: string }>('backup.restore', { file: backup.file, confirm: true });
    expect(r.preRestoreBackup).toBe(`${dbPath}.damaged-1`);
    const damaged = fs.readFileSync(dbPath);
    await shut(core);
    expect(fs.readFileSync(`${dbPath}.damaged-1`).equals(damaged)).toBe(true);
    core = open(dbPath, path.join(dir, 'backups'));
    expect(await core.checkIntegrity()).toBe('ok');
    expect(offices(core)).not.toContain('后来的所');
    expect(core.sqlite.prepare("SELECT actor_name FROM audit_log WHERE method = 'backup.restore' ORDER BY seq DESC LIMIT 1").get()).toEqual({
      actor_name: 'admin',
    });
  });

  it('too damaged to start restores from the command line: checked, staged signed, the damaged file kept', async () => {
    const dir = tempDir('bd-damaged-');
    const { dbPath, backup } = await deskWithBackup(dir);
    corruptIndexPage(dbPath);
    expect(() => createCore({ dbPath, backupDir: null })).toThrow();
    // A file that is no backup, or a damaged one, is refused before anything changes.
    const junk = path.join(tempDir(), 'x.sqlite');
    fs.writeFileSync(junk, '');
    expect(() => restoreOffline({ dbPath, file: junk, key: fileKey(dbPath), user: 'op', now: systemClock.now })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'not_backup' }) }),
    );
    expect(() => restoreOffline({ dbPath, file: dbPath, key: fileKey(dbPath), user: 'op', now: systemClock.now })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'backup_damaged' }) }),
    );
    expect(fs.existsSync(`${dbPath}.restore`)).toBe(false);
    const r = restoreOffline({ dbPath, file: backup.file, key: fileKey(dbPath), user: 'op (--restore)', now: systemClock.now });
    expect(r.damagedCopy).toBe(`${dbPath}.damaged-1`);
    const core = createCore({ dbPath, backupDir: null });
    cores.push(core);
    expect(offices(core)).toContain('景山所');
    expect(offices(core)).not.toContain('后来的所');
    expect(core.sqlite.prepare("SELECT actor_id, actor_name FROM audit_log WHERE method = 'backup.restore' ORDER BY seq DESC LIMIT 1").get()).toEqual({
      actor_id: null,
      actor_name: 'op (--restore)',
    });
    expect(
      ok(
        await core.dispatch(
          'audit.verify',
          {},
          { sessionToken: ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD })).sessionToken },
        ),
      ),
    ).toMatchObject({ ok: true });
  });
});
