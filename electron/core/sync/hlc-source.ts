import { randomBytes } from 'node:crypto';
import { hlcParse, hlcReceive, hlcTick, hlcToString, hlcZero, type Hlc } from '../../../shared/domain/hlc';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';

/** The device's clock state, persisted in local_meta so it survives restarts. */
export class HlcSource {
  private last: Hlc;
  private readonly save: (v: string) => void;

  constructor(
    sqlite: Sqlite,
    private readonly clock: Clock,
  ) {
    const get = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
    const put = sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    let node = get.get('node_id')?.value;
    if (!node) {
      node = randomBytes(8).toString('hex');
      put.run('node_id', node);
    }
    const saved = get.get('hlc')?.value;
    this.last = saved ? { ...hlcParse(saved), node } : hlcZero(node);
    this.save = (v) => put.run('hlc', v);
  }

  get nodeId(): string {
    return this.last.node;
  }

  /** Next timestamp for a local write. Call inside the write's transaction. */
  tick(): string {
    this.last = hlcTick(this.last, this.clock.now());
    const s = hlcToString(this.last);
    this.save(s);
    return s;
  }

  receive(remote: string): void {
    this.last = hlcReceive(this.last, hlcParse(remote), this.clock.now());
    this.save(hlcToString(this.last));
  }
}
