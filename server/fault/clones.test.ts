import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../electron/core/test/helpers';
import { countyWithTwoStations, desk, HubProcess, shutDown, type Desk } from '../test/harness';

// Two copies of one installation under a seeded fault schedule: station 景山's data folder is
// copied while it has edits waiting, and both copies (B, B2) and the county (A) then edit, sync,
// lose replies, lose the link, and the hub is killed, in a random order. Whichever copy pushes
// first after the split keeps the registration; the other is refused (DEVICE_CLONED) until it is
// enrolled with a code of its own, at a random step or at the end. The checker: the two copies are
// never both accepted as the one device after both pushed; no edit made on any desk is lost (each
// cell ends with the value of its latest-stamped edit, on the hub and on every desk); no outbox is
// left. FAULT_SEED=<n> replays a schedule; FAULT_STEPS=<n> sets its length.

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env.FAULT_STEPS ?? 50);
console.warn(`clone fault suite: FAULT_SEED=${SEED} FAULT_STEPS=${STEPS}`);

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

interface Edit {
  desk: string;
  opId: string;
  rowId: string;
  value: string;
  hlc: string;
}

let hub: HubProcess;
let A: Desk;
let B: Desk;
let B2: Desk;
let C: Desk;
let S1: string;

const meta = (d: Desk, key: string) =>
  (d.core.sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C, S1 } = await countyWithTwoStations(hub));
}, 120_000);

afterAll(async () => {
  await shutDown(hub, A, B, B2, C);
});

describe('copies of one installation under faults', () => {
  it('refuses the later copy until it enrols anew, and loses no edit of either', async () => {
    const r = rng(SEED);
    const log: string[] = [];
    const edits: Edit[] = [];
    const rows = (B.core.sqlite.prepare('SELECT id FROM cadre WHERE office_id = ? ORDER BY id').all(S1) as { id: string }[]).map((x) => x.id);
    let n = 0;
    const edit = async (d: Desk, name: string) => {
      const rowId = r.pick(rows);
      const c = d.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(rowId) as Record<string, string | null>;
      const value = `139${String(++n).padStart(8, '0')}`;
      await d.call('cadres.update', {
        id: rowId,
        officeId: c.office_id,
        name: c.name,
        gender: c.gender,
        birthDate: c.birth_date,
        post: c.post,
        status: c.status,
        phone: value,
      } as never);
      const o = d.core.sqlite.prepare('SELECT op_id, hlc FROM outbox ORDER BY seq DESC LIMIT 1').get() as { op_id: string; hlc: string };
      edits.push({ desk: name, opId: o.op_id, rowId, value, hlc: o.hlc });
      log.push(`${name} sets ${rowId.slice(-4)}.phone = ${value}`);
    };

    // The folder is copied with an edit waiting in its outbox.
    await edit(B, 'B');
    const file = B.core.sqlite.name;
    await B.core.close({ backup: false });
    const dir = tempDir('bd-clone-fault-');
    for (const f of fs.readdirSync(path.dirname(file))) fs.copyFileSync(path.join(path.dirname(file), f), path.join(dir, f));
    B = await desk({ dbPath: file, existing: true, name: 'B' });
    B2 = await desk({ dbPath: path.join(dir, path.basename(file)), existing: true, name: 'B2' });
    edits.push({ ...edits[0]!, desk: 'B2' }); // the same op, waiting on both copies

    const desks: Record<string, Desk> = { A, B, B2 };
    /** The copies' standing: which of them the hub refused as a copy, and which enrolled anew. */
    const refused = new Set<string>();
    const own = new Set<string>();
    const enrolAnew = async (name: 'B' | 'B2') => {
      const d = desks[name]!;
      d.online.value = true;
      d.faults.lose = undefined;
      await d.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(S1), deviceName: `景山所-${name}`, allowInsecure: false });
      // Its waiting edits were stamped anew with the node of its own.
      const now = new Map((d.core.sqlite.prepare('SELECT op_id, hlc FROM outbox').all() as { op_id: string; hlc: string }[]).map((o) => [o.op_id, o.hlc]));
      for (const e of edits) if (e.desk === name && now.has(e.opId)) e.hlc = now.get(e.opId)!;
      refused.delete(name);
      own.add(name);
      log.push(`${name} enrols anew as ${meta(d, 'sync.deviceId')}`);
    };
    /** The copies that had a push taken under the shared registration since the split. */
    const pushedAsOne = new Set<string>();
    const original = meta(B, 'sync.deviceId');
    const sync = async (name: string) => {
      const d = desks[name]!;
      const ownOps = (d.core.sqlite.prepare('SELECT op_id FROM outbox').all() as { op_id: string }[]).some((o) => o.op_id !== edits[0]!.opId);
      const s = await d.sync();
      if (name !== 'A' && ownOps && s.pending === 0 && meta(d, 'sync.deviceId') === original) pushedAsOne.add(name);
      if (pushedAsOne.size > 1) throw new Error(`both copies pushed as device ${original}\n${log.join('\n')}`);
      const cloned = s.hubError?.code === 'DEVICE_CLONED';
      log.push(`${name} syncs: ${s.state}${s.hubError ? ` ${s.hubError.code}` : ''}`);
      if (cloned) refused.add(name);
      else if (s.state === 'idle') refused.delete(name);
      // Two copies on one registration are never both taken once both have pushed since the split.
      if (refused.has('B') && refused.has('B2')) throw new Error(`both copies refused\n${log.join('\n')}`);
      if (cloned && (name === 'A' || own.has(name))) throw new Error(`${name} refused as a copy but it is no copy\n${log.join('\n')}`);
    };

    for (let step = 0; step < STEPS; step++) {
      const name = r.pick(['A', 'B', 'B2', 'B', 'B2'] as const);
      const d = desks[name]!;
      const x = r.next();
      if (x < 0.35) await edit(d, name);
      else if (x < 0.7) await sync(name);
      else if (x < 0.8) {
        const p = r.pick(['/push', '/pull']);
        let once = true;
        d.faults.lose = (q) => q === p && once && !(once = false);
        log.push(`${name} will lose the reply of ${p}`);
      } else if (x < 0.88) {
        d.online.value = !d.online.value;
        log.push(`${name} link ${d.online.value ? 'up' : 'cut'}`);
      } else if (x < 0.93) {
        await hub.stop('SIGKILL');
        await hub.start();
        log.push('hub killed and restarted');
      } else if (name !== 'A' && refused.has(name) && !own.has(name)) await enrolAnew(name);
    }

    // Heal: links up, no lost replies; the copy still refused enrols anew; every desk syncs until quiet.
    for (const d of Object.values(desks)) {
      d.online.value = true;
      d.faults.lose = undefined;
    }
    for (let round = 0; round < 4; round++) {
      for (const name of ['B', 'B2', 'A'] as const) await sync(name);
      for (const name of ['B', 'B2'] as const) if (refused.has(name)) await enrolAnew(name);
    }
    await C.sync();
    for (const name of ['A', 'B', 'B2', 'A', 'B', 'B2'] as const) await sync(name);

    const failures: string[] = [];
    for (const [name, d] of Object.entries(desks)) {
      const left = (d.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;
      if (left) failures.push(`${name}: ${left} ops left in the outbox`);
    }
    // Each cell holds its latest-stamped edit, on every desk.
    for (const rowId of rows) {
      const last = edits
        .filter((e) => e.rowId === rowId)
        .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
        .at(-1);
      if (!last) continue;
      for (const [name, d] of Object.entries(desks)) {
        const v = (d.core.sqlite.prepare('SELECT phone FROM cadre WHERE id = ?').get(rowId) as { phone: string }).phone;
        if (v !== last.value) failures.push(`${name}: ${rowId.slice(-4)}.phone = ${v}, the latest edit (${last.desk}, ${last.hlc}) set ${last.value}`);
      }
    }
    const ops = new Set(edits.map((e) => e.opId)).size;
    console.warn(
      `FAULT_SEED=${SEED}: ${ops} edits, ${log.filter((l) => l.includes(' syncs')).length} syncs, ${log.filter((l) => l.includes('DEVICE_CLONED')).length} refused as a copy, ${own.size} enrolled anew, ${failures.length} violations`,
    );
    if (failures.length) throw new Error(`FAULT_SEED=${SEED}\n${failures.join('\n')}\n--- schedule ---\n${log.join('\n')}`);
    expect(failures).toEqual([]);
  }, 300_000);
});
