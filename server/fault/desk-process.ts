import path from 'node:path';
import { createCore, type Core } from '../../electron/core/create-core';
import type { HubFetch } from '../../electron/core/sync/worker';

// A desktop core in its own process, driven by the fault suite over IPC, so that it can be
// killed (SIGKILL) in the middle of a sync or an edit and started again on the same database.

type Cmd =
  | { id: number; cmd: 'open'; dbPath: string; join?: { hubUrl: string; code: string; deviceName: string }; password: string }
  | { id: number; cmd: 'call'; method: string; input: unknown }
  | { id: number; cmd: 'set'; offsetMs?: number; online?: boolean; lose?: string | null; hubs?: string[] }
  | { id: number; cmd: 'outboxAfter'; seq: number }
  | { id: number; cmd: 'close' };

let core: Core | null = null;
let session = '';
let password = '';
let offsetMs = 0;
let online = true;
let lose: string | null = null;
/** Hub processes on one store, taken in turn (empty: the enrolled hub's URL). */
let hubs: string[] = [];
let turn = 0;

const hubFetch: HubFetch = async (to, init) => {
  let url = to;
  if (hubs.length) {
    const u = new URL(to);
    const h = new URL(hubs[turn++ % hubs.length]!);
    u.host = h.host;
    url = u.toString();
  }
  const p = new URL(url).pathname;
  if (!online) throw new Error('network down');
  const res = await fetch(url, init as RequestInit);
  if (lose === p) {
    lose = null;
    await res.arrayBuffer();
    throw new Error('connection lost before the reply');
  }
  return res;
};

async function dispatch(method: string, input: unknown) {
  let r = await core!.dispatch(method, input, { sessionToken: session });
  if (!r.ok && (r.error.code === 'SESSION_EXPIRED' || r.error.code === 'UNAUTHENTICATED')) {
    const l = await core!.dispatch('auth.login', { username: 'admin', password });
    if (l.ok) session = (l.value as { sessionToken: string }).sessionToken;
    r = await core!.dispatch(method, input, { sessionToken: session });
  }
  return r;
}

async function handle(m: Cmd): Promise<unknown> {
  switch (m.cmd) {
    case 'open': {
      password = m.password;
      core = createCore({ dbPath: path.resolve(m.dbPath), backupDir: null, clock: { now: () => Date.now() + offsetMs }, hubFetch });
      if (m.join) {
        const r = await core.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password, join: { ...m.join, allowInsecure: false } });
        if (!r.ok) throw new Error(`setup: ${r.error.code} ${r.error.message}`);
      }
      const l = await core.dispatch('auth.login', { username: 'admin', password });
      if (!l.ok) throw new Error(`login: ${l.error.code}`);
      session = (l.value as { sessionToken: string }).sessionToken;
      return (core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.deviceId'").get() as { value: string } | undefined)?.value ?? null;
    }
    case 'call':
      return dispatch(m.method, m.input);
    case 'set':
      if (m.offsetMs !== undefined) offsetMs = m.offsetMs;
      if (m.online !== undefined) online = m.online;
      if (m.lose !== undefined) lose = m.lose;
      if (m.hubs !== undefined) hubs = m.hubs;
      return null;
    case 'outboxAfter':
      return core!.sqlite.prepare('SELECT * FROM outbox WHERE seq > ? ORDER BY seq').all(m.seq);
    case 'close':
      await core?.close({ backup: false });
      core = null;
      return null;
  }
}

process.on('message', (m: Cmd) => {
  handle(m).then(
    (value) => process.send!({ id: m.id, ok: true, value }),
    (e: Error) => process.send!({ id: m.id, ok: false, error: e.message }),
  );
});
process.send!({ ready: true });
