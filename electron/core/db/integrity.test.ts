import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../create-core';
import { listBackups } from './backup';
import { ADMIN_PASSWORD, openDeskFile, tempDir } from '../test/helpers';

// A database larger than the inline limit opens without waiting for its integrity check; the
// check runs in a worker thread, and a failure turns the app read-only and says so.

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});

const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

/** A county database with a few thousand businesses, closed cleanly. */
async function county(dir: string): Promise<string> {
  const file = path.join(dir, 'branch-desk.sqlite');
  const core = createCore({ dbPath: file, backupDir: null });
  ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
  const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
  const s = ok<{ id: string }>(await core.dispatch('offices.create', { name: '景山所', code: '330304' }, { sessionToken }));
  const ins = core.sqlite.prepare("INSERT INTO business (id, office_id, created_at, updated_at, name, reg_no, address) VALUES (?, ?, 't', 't', ?, ?, ?)");
  core.sqlite.transaction(() => {
    for (let i = 0; i < 3000; i++)
      ins.run(`b-${String(i).padStart(6, '0')}`, s.id, `温州市瓯海区景山鑫达五金店${i}`, `3303040${String(i).padStart(8, '0')}`, `景山街道温瞿东路${i}号`);
  })();
  await core.close({ backup: false });
  return file;
}

/** Scribble over one leaf page of an index: the schema and the tables still read, the check fails. */
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

function open(file: string, opts: { backupDir?: string | null } = {}) {
  const core = createCore({ dbPath: file, backupDir: opts.backupDir ?? null, integrityInlineBytes: 0, integrityDelayMs: 60_000 });
  cores.push(core);
  return core;
}

async function signIn(core: Core) {
  return ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD })).sessionToken;
}

describe('integrity check in the background', () => {
  it('opens a damaged file, then stops every write and says why once the check fails', async () => {
    const dir = tempDir();
    const file = await county(dir);
    corruptIndexPage(file);
    const core = open(file, { backupDir: path.join(dir, 'backups') });
    const sessionToken = await signIn(core);
    const events: { state: string; integrity?: string }[] = [];
    core.on('sync.status', (s) => events.push(s));
    // The first screen answers before any check has run.
    expect(core.integrity().state).toBe('pending');
    const offices = ok<{ id: string; kind: string }[]>(await core.dispatch('offices.list', { includeInactive: true }, { sessionToken }));
    const station = offices.find((o) => o.kind === 'station')!;

    expect(await core.checkIntegrity()).toBe('failed');
    expect(core.integrity().result).toMatchObject({ ok: false, mode: 'quick', report: [expect.stringMatching(/page|index|tree|row|cell/i)] });
    // Writes are refused with a reason, and nothing lands.
    const before = core.sqlite.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM office) AS n').get();
    const refused = await core.dispatch('offices.create', { name: '新桥所', code: '330304' }, { sessionToken });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', details: { readOnly: true, reason: 'integrityFailed' } } });
    expect(await core.dispatch('cadres.create', { officeId: station.id, name: '张伟', gender: 'M', birthDate: '1985-01-01' }, { sessionToken })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION' },
    });
    expect(await core.dispatch('sync.now', {}, { sessionToken })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', details: { reason: 'integrityFailed' } },
    });
    // An import, which commits on a connection of its own, is previewed but not committed.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['注册号', '企业名称']);
    ws.addRow(['330304000000777', '新来的商店']);
    const preview = ok<{ previewId: string; errorCount: number }>(
      await core.dispatch(
        'businesses.importPreview',
        { officeId: station.id, fileName: 'a.xlsx', fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
        { sessionToken },
      ),
    );
    expect(preview.errorCount).toBe(0);
    expect(await core.dispatch('imports.commit', { previewId: preview.previewId }, { sessionToken })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', details: { reason: 'integrityFailed' } },
    });
    expect(() => core.sqlite.prepare("UPDATE office SET name = 'x'").run()).toThrow(/readonly/i);
    expect(core.sqlite.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM office) AS n').get()).toEqual(before);
    // The status every screen shows says so, live and when asked.
    expect(events.at(-1)).toMatchObject({ state: 'readonly', integrity: 'failed' });
    expect(ok(await core.dispatch('sync.status', {}, { sessionToken }))).toMatchObject({
      state: 'readonly',
      integrity: 'failed',
      notice: { key: 'integrityFailed' },
    });
    // Reading still works, and a user can still sign in to read and export.
    expect(ok<unknown[]>(await core.dispatch('offices.list', { includeInactive: true }, { sessionToken }))).toHaveLength(offices.length);
    await signIn(core);
    // No backup is made of a damaged file, at start or at shutdown.
    await core.close();
    expect(fs.existsSync(path.join(dir, 'backups')) ? listBackups(path.join(dir, 'backups')) : []).toEqual([]);
  });

  it('passes an intact file, then makes the day’s backup and keeps writing', async () => {
    const dir = tempDir();
    const file = await county(dir);
    const core = open(file, { backupDir: path.join(dir, 'backups') });
    const sessionToken = await signIn(core);
    // The day's backup waits for the check: it is only ever a copy of a file that passed.
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    expect(await core.checkIntegrity()).toBe('ok');
    expect(ok(await core.dispatch('sync.status', {}, { sessionToken }))).toMatchObject({ integrity: 'ok' });
    expect(await core.dispatch('offices.create', { name: '新桥所', code: '330304' }, { sessionToken })).toMatchObject({ ok: true });
    // The copy is written on a worker thread (VACUUM INTO, encrypted with the desk's key).
    await vi.waitFor(() => expect(listBackups(path.join(dir, 'backups'))).toHaveLength(1), { timeout: 10_000 });
  });

  it('checks in full after an unclean shutdown, and quickly after a clean one', async () => {
    const dir = tempDir();
    const file = await county(dir);
    const first = open(file);
    expect(await first.checkIntegrity()).toBe('ok');
    expect(first.integrity().result?.mode).toBe('quick');
    // The process dies: the connection goes, the core never closes.
    cores.splice(cores.indexOf(first), 1);
    first.sqlite.close();
    const second = open(file);
    expect(await second.checkIntegrity()).toBe('ok');
    expect(second.integrity().result?.mode).toBe('full');
    await second.close({ backup: false });
    const third = open(file);
    expect(await third.checkIntegrity()).toBe('ok');
    expect(third.integrity().result?.mode).toBe('quick');
  });

  it('still refuses to start on a small damaged file, checked before anything is written', async () => {
    const dir = tempDir();
    const file = await county(dir);
    corruptIndexPage(file);
    const bytes = fs.readFileSync(file);
    expect(() => createCore({ dbPath: file, backupDir: null })).toThrow(/完整性/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
