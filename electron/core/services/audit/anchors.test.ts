import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core';
import { ADMIN_PASSWORD, manualClock, openDeskFile, tempDir } from '../../test/helpers';

// Tampering with audit_log while the desk is closed (a disk editor, a copied file): every kind is
// reported against the anchors kept outside the table, naming the last anchored row.

let core: Core | null = null;
afterEach(async () => {
  await core?.close({ backup: false });
  core = null;
});

async function open(dir: string, clock = manualClock(), backupDir: string | null = null) {
  core = createCore({ dbPath: path.join(dir, 'desk.sqlite'), clock, backupDir });
  const call = async (m: string, i: unknown, token?: string) => {
    const r = await core!.dispatch(m, i, { sessionToken: token });
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  if (!(await call('auth.status', {})).setUp)
    await call('auth.setup', { bureauName: '测试县市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
  let { sessionToken } = (await call('auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string };
  const relogin = async () => void ({ sessionToken } = (await call('auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string });
  return { call: (m: string, i: unknown = {}) => call(m, i, sessionToken), clock, relogin };
}

/** A desk with some history, closed (which anchors its head in the key store). */
async function deskWithHistory(dir: string, backupDir: string | null = null) {
  const d = await open(dir, manualClock(), backupDir);
  for (let i = 0; i < 12; i++) await d.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
  if (backupDir) await core!.backupNow();
  const head = core!.services.audit.head()!;
  await core!.close({ backup: false });
  core = null;
  return head;
}

function tamper(dir: string, sql: string) {
  const db = openDeskFile(path.join(dir, 'desk.sqlite'));
  db.exec(sql);
  db.close();
}

describe('audit chain anchored outside the table', () => {
  it('is intact, anchored in the key store', async () => {
    const dir = tempDir();
    const head = await deskWithHistory(dir);
    const { call } = await open(dir);
    const v = await call('audit.verify');
    // The sign-in that opened it is anchored at once (every audited call is), one row past the closed head.
    expect(v).toMatchObject({ ok: true, problem: null, lastAnchoredSeq: head.seq + 1, anchors: [{ source: 'keystore', seq: head.seq + 1 }] });
    expect(fs.statSync(path.join(dir, 'keystore.json')).mode & 0o777).toBe(0o600);
  });

  it('reports deleting the last rows as a truncation, naming the last anchored row', async () => {
    const dir = tempDir();
    const head = await deskWithHistory(dir);
    tamper(dir, `DELETE FROM audit_log WHERE seq > ${head.seq - 3}`);
    const { call } = await open(dir);
    expect(await call('audit.verify')).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: head.seq - 2, lastAnchoredSeq: head.seq });
  });

  it('reports deleting all rows', async () => {
    const dir = tempDir();
    const head = await deskWithHistory(dir);
    tamper(dir, 'DELETE FROM audit_log');
    const { call } = await open(dir);
    // Opening writes nothing to the log, so the table is still empty when checked.
    expect(await call('audit.verify')).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: 1, lastAnchoredSeq: head.seq });
  });

  it('reports deleting a middle row, and the first rows', async () => {
    const dir = tempDir();
    await deskWithHistory(dir);
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 7');
    let d = await open(dir);
    expect(await d.call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 8 });
    await core!.close({ backup: false });
    tamper(dir, 'DELETE FROM audit_log WHERE seq <= 3');
    d = await open(dir);
    expect(await d.call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 4 });
  });

  it('reports a middle row deleted with the rows after it relinked as deleted, not truncated', async () => {
    const dir = tempDir();
    await deskWithHistory(dir);
    const db = openDeskFile(path.join(dir, 'desk.sqlite'));
    db.prepare('DELETE FROM audit_log WHERE seq = 7').run();
    let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = 6').get() as { hash: string }).hash;
    for (const r of db.prepare('SELECT * FROM audit_log WHERE seq > 7 ORDER BY seq').all() as Record<string, string>[]) {
      const hash = createHash('sha256')
        .update(JSON.stringify([prev, r.at, r.actor_id, r.actor_name, r.method, r.entity, r.entity_id, r.before, r.after]))
        .digest('hex');
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
    db.close();
    const d = await open(dir);
    expect(await d.call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 7 });
  });

  it('reports an edited row, and a chain rewritten whole after an edit', async () => {
    const dir = tempDir();
    const head = await deskWithHistory(dir);
    tamper(dir, `UPDATE audit_log SET after = '{"name":"篡改"}' WHERE seq = 5`);
    let d = await open(dir);
    expect(await d.call('audit.verify')).toMatchObject({ ok: false, problem: 'edited', firstBadSeq: 5 });
    await core!.close({ backup: false });
    // Recompute every hash from row 5 on, as someone who read the code would: only the anchor shows it.
    const db = openDeskFile(path.join(dir, 'desk.sqlite'));
    let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = 4').get() as { hash: string }).hash;
    for (const r of db.prepare('SELECT * FROM audit_log WHERE seq >= 5 ORDER BY seq').all() as Record<string, string>[]) {
      const hash = createHash('sha256')
        .update(JSON.stringify([prev, r.at, r.actor_id, r.actor_name, r.method, r.entity, r.entity_id, r.before, r.after]))
        .digest('hex');
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
    db.close();
    d = await open(dir);
    // Opening after the first edit anchored the login's row; the rewrite changed that row's hash.
    const v = await d.call('audit.verify');
    expect(v).toMatchObject({ ok: false, problem: 'edited', firstBadSeq: v.lastAnchoredSeq });
    expect(v.lastAnchoredSeq).toBeGreaterThan(head.seq);
  });

  it('still reports a truncation when the key store is deleted too: each backup carries an anchor', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    const head = await deskWithHistory(dir, backups);
    fs.rmSync(path.join(dir, 'keystore.json'));
    tamper(dir, `DELETE FROM audit_log WHERE seq > 4; DELETE FROM local_meta WHERE key LIKE 'audit.%'`);
    const { call } = await open(dir, manualClock(), backups);
    const v = await call('audit.verify');
    expect(v).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: 5 });
    // The new key store anchors only the shortened chain (the sign-in after the tamper): the backups hold the evidence.
    expect((v.anchors as { source: string; seq: number }[]).filter((a) => a.source !== 'backup' && a.seq !== core!.services.audit.head()!.seq)).toEqual([]);
    expect(v.lastAnchoredSeq).toBeGreaterThanOrEqual(head.seq - 1);
  });

  it('takes a restored older backup as the chain from then on, keeping the head it replaced, and still catches a truncation after it', async () => {
    const dir = tempDir();
    const backupDir = path.join(dir, 'backups');
    const d = await open(dir, manualClock(), backupDir);
    for (let i = 0; i < 3; i++) await d.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
    const older = (await d.call('backup.create', {})) as { file: string };
    for (let i = 3; i < 9; i++) await d.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
    core!.services.anchoring.anchorNow();
    const replaced = core!.services.audit.head()!;
    await d.call('backup.restore', { file: older.file, confirm: true });
    await core!.close({ backup: false });
    // Windows and macOS copy a file with its modification time: the staged copy may look as old as the backup.
    const was = fs.statSync(older.file).mtime;
    fs.utimesSync(path.join(dir, 'desk.sqlite.restore'), was, was);
    // The key store and the pre-restore backup held a longer chain: after the restore neither is a truncation.
    const after = await open(dir, manualClock(), backupDir);
    expect(await after.call('audit.verify')).toMatchObject({ ok: true, problem: null });
    const entry = core!.sqlite.prepare("SELECT after FROM audit_log WHERE method = 'backup.restore'").get() as { after: string };
    expect(JSON.parse(entry.after).replacedHead).toEqual({ seq: replaced.seq, hash: replaced.hash });
    await after.call('offices.create', { name: '恢复后市场监管所', code: '330304' });
    await after.call('backup.create', {});
    const head = core!.services.audit.head()!;
    await core!.close({ backup: false });
    core = null;
    tamper(dir, `DELETE FROM audit_log WHERE seq >= ${head.seq - 1}`);
    const cut = await open(dir, manualClock(), backupDir);
    expect(await cut.call('audit.verify')).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('reports rows cut from the front behind a forged archive marker, on a desk that never archived', async () => {
    const dir = tempDir();
    const head = await deskWithHistory(dir);
    const db = openDeskFile(path.join(dir, 'desk.sqlite'));
    const cut = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 5').get() as { seq: number; hash: string };
    db.prepare('DELETE FROM audit_log WHERE seq <= 5').run();
    db.prepare("INSERT INTO local_meta(key, value) VALUES ('audit.archived', ?)").run(JSON.stringify({ throughSeq: cut.seq, hash: cut.hash }));
    db.close();
    const { call } = await open(dir);
    expect(head.seq).toBeGreaterThan(5);
    expect(await call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 1 });
  });

  it('checks a restored chain whose first rows were archived on another PC from that point on, through later archiving', async () => {
    const dir = tempDir();
    const clock = manualClock(Date.parse('2026-01-05T02:00:00Z'));
    const d = await open(dir, clock);
    for (let i = 0; i < 3; i++) await d.call('offices.create', { name: `旧${i}市场监管所`, code: '330304' });
    clock.set(Date.parse('2026-08-10T02:00:00Z'));
    await d.relogin();
    await d.call('offices.create', { name: '新市场监管所', code: '330304' });
    core!.services.anchoring.archiveExpired();
    const marker = core!.services.audit.archived()!;
    // As after a restore of another installation's backup: the archive is on that PC.
    await core!.close({ backup: false });
    fs.renameSync(path.join(dir, 'audit-archive.sqlite'), path.join(dir, 'elsewhere.sqlite'));
    const ks = path.join(dir, 'keystore.json');
    const data = JSON.parse(fs.readFileSync(ks, 'utf8'));
    fs.writeFileSync(ks, JSON.stringify({ ...data, audit: { ...data.audit, archiveAbsent: marker } }));
    const again = await open(dir, clock);
    expect(await again.call('audit.verify')).toMatchObject({ ok: true });
    // Months later the restored chain archives here, from the floor on: still verified.
    clock.set(Date.parse('2027-03-10T02:00:00Z'));
    await again.relogin();
    await again.call('offices.create', { name: '更新市场监管所', code: '330304' });
    expect(core!.services.anchoring.archiveExpired().moved).toBeGreaterThan(0);
    expect(core!.services.audit.archived()!.throughSeq).toBeGreaterThan(marker.throughSeq);
    expect(await again.call('audit.verify')).toMatchObject({ ok: true });
  });

  it('goes on from the archive when every row was archived (a desk left unused for months)', async () => {
    const dir = tempDir();
    const clock = manualClock(Date.parse('2026-01-05T02:00:00Z'));
    const d = await open(dir, clock);
    await d.call('offices.create', { name: '旧市场监管所', code: '330304' });
    const oldHead = core!.services.audit.head()!;
    clock.set(Date.parse('2026-08-10T02:00:00Z'));
    expect(core!.services.anchoring.archiveExpired()).toEqual({ moved: oldHead.seq });
    expect(core!.services.audit.head()).toBeNull();
    await d.relogin();
    await d.call('offices.create', { name: '新市场监管所', code: '330304' });
    expect(await d.call('audit.verify')).toMatchObject({ ok: true, archivedThrough: oldHead.seq, problem: null });
  });

  it('archives rows past the retention period instead of deleting them, and the chain still verifies', async () => {
    const dir = tempDir();
    const clock = manualClock(Date.parse('2026-01-05T02:00:00Z'));
    const d = await open(dir, clock);
    for (let i = 0; i < 5; i++) await d.call('offices.create', { name: `旧${i}市场监管所`, code: '330304' });
    const oldHead = core!.services.audit.head()!;
    clock.set(Date.parse('2026-08-10T02:00:00Z'));
    await d.relogin();
    await d.call('offices.create', { name: '新市场监管所', code: '330304' });
    // The login and the first station of the month before are inside six months; what came before is not.
    expect(core!.services.anchoring.archiveExpired()).toEqual({ moved: oldHead.seq });
    expect(await d.call('audit.verify')).toMatchObject({ ok: true, archivedThrough: oldHead.seq });
    const archive = openDeskFile(path.join(dir, 'audit-archive.sqlite'), { readonly: true });
    expect(archive.prepare('SELECT COUNT(*) AS n, MAX(hash) IS NOT NULL AS h FROM audit_log').get()).toEqual({ n: oldHead.seq, h: 1 });
    archive.close();
    // Six months is the floor (MLPS).
    await expect(d.call('settings.set', { key: 'audit.retentionMonths', value: 3, effectiveFrom: '2026-08-10' })).rejects.toThrow(/BAD_INPUT|RULE/);
    await core!.close({ backup: false });
    // The archive is part of the chain: an archived row edited, or the archive file deleted, shows.
    const arch = openDeskFile(path.join(dir, 'audit-archive.sqlite'));
    arch.prepare("UPDATE audit_log SET actor_name = '别人' WHERE seq = 2").run();
    arch.close();
    let desk = await open(dir, clock);
    expect(await desk.call('audit.verify')).toMatchObject({ ok: false, problem: 'edited', firstBadSeq: 2 });
    await core!.close({ backup: false });
    fs.renameSync(path.join(dir, 'audit-archive.sqlite'), path.join(dir, 'audit-archive.moved'));
    desk = await open(dir, clock);
    expect(await desk.call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 1 });
    await core!.close({ backup: false });
    fs.renameSync(path.join(dir, 'audit-archive.moved'), path.join(dir, 'audit-archive.sqlite'));
    // Cutting rows from the front of what is left is not archiving: it is reported.
    tamper(dir, `DELETE FROM audit_log WHERE seq = ${oldHead.seq + 1}`);
    const again = await open(dir, clock);
    expect(await again.call('audit.verify')).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: oldHead.seq + 2 });
  });
});
