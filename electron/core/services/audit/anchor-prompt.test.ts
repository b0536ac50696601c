import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core';
import { ADMIN_PASSWORD, openDeskFile, tempDir } from '../../test/helpers';

// Every audited call is anchored in the key store before its answer returns: sign-ins and the
// recovery key's showings as much as edits. Killed right after (no close, no timer), the row
// then deleted with a disk editor, the desk still reports it.

let core: Core | null = null;
afterEach(async () => {
  await core?.close({ backup: false });
  core = null;
});

function open(dir: string) {
  core = createCore({ dbPath: path.join(dir, 'desk.sqlite'), backupDir: null });
  return core;
}
async function call(c: Core, m: string, i: unknown, token?: string) {
  const r = await c.dispatch(m as never, i as never, { sessionToken: token });
  if (!r.ok) throw Object.assign(new Error(`${m}: ${r.error.code}`), { rpc: r.error });
  return r.value as Record<string, unknown>;
}
/** kill -9: the connection goes, the core never closes (no anchoring at close). */
function kill(c: Core) {
  c.sqlite.close();
  core = null;
}

describe('anchoring after every audited call', () => {
  for (const what of ['auth.login', 'backup.recoveryKey', 'a refused password'] as const) {
    it(`anchors ${what} at once: its row deleted after a kill reads as a truncation`, async () => {
      const dir = tempDir();
      let c = open(dir);
      await call(c, 'auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
      const { sessionToken } = (await call(c, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string };
      if (what === 'backup.recoveryKey') await call(c, 'backup.recoveryKey', { password: ADMIN_PASSWORD }, sessionToken);
      if (what === 'a refused password')
        expect(await c.dispatch('auth.login', { username: 'admin', password: 'wrong-password-1' }, {})).toMatchObject({ ok: false });
      const head = c.services.audit.head()!;
      const row = c.sqlite.prepare('SELECT method FROM audit_log WHERE seq = ?').get(head.seq) as { method: string };
      expect(row.method).toBe(what === 'a refused password' ? 'auth.loginFailed' : what);
      // No close, and no second for a timer: the key store already holds this head.
      expect(c.services.keystore.read().audit?.head).toMatchObject({ seq: head.seq, hash: head.hash });
      kill(c);
      const db = openDeskFile(path.join(dir, 'desk.sqlite'));
      db.prepare('DELETE FROM audit_log WHERE seq = ?').run(head.seq);
      db.close();
      c = open(dir);
      const t = (await call(c, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string };
      expect(await call(c, 'audit.verify', {}, t.sessionToken)).toMatchObject({
        ok: false,
        problem: 'truncated',
        firstBadSeq: head.seq,
        lastAnchoredSeq: head.seq,
      });
    });
  }
});
