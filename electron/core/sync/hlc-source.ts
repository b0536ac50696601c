import { randomBytes } from 'node:crypto';
import { hlcParse, hlcReceive, hlcTick, hlcToString, hlcZero, type Hlc } from '../../../shared/domain/hlc';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';

/**
 * The device's clock state, persisted in local_meta so it survives restarts. Its physical time
 * is the hub's: the machine's clock corrected by the offset the sync worker measured at its last
 * hello (`sync.offsetMs`), so a machine running ahead or behind stamps its edits in real order.
 */
export class HlcSource {
  private last: Hlc;
  private offsetMs: number;
  private readonly save: (v: string) => void;
  private readonly saveOffset: (v: number) => void;
  private readonly saveNode: (v: string) => void;

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
    this.offsetMs = Number(get.get('sync.offsetMs')?.value ?? 0) || 0;
    this.save = (v) => put.run('hlc', v);
    this.saveNode = (v) => put.run('node_id', v);
    this.saveOffset = (v) => put.run('sync.offsetMs', String(v));
  }

  get nodeId(): string {
    return this.last.node;
  }

  private held = false;

  /** The hub's time as this device best knows it. */
  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  /** The hub's time minus the machine's, measured at a hello. */
  setOffset(ms: number): void {
    this.offsetMs = Math.round(ms);
    this.saveOffset(this.offsetMs);
  }

  /** The wall time of the last stamp given or received. */
  get lastWall(): number {
    return this.last.wall;
  }

  /**
   * Drops a clock that ran into the future back to `wall` (the worker does this at a hello when
   * the last stamp is ahead of the hub's time), so the next stamps follow real time again.
   */
  rebase(wall: number, counter = 0): void {
    this.last = { wall, counter, node: this.last.node };
    this.save(hlcToString(this.last));
  }

  /**
   * A node id of its own, for a desk enrolled as a new device (a copy of another installation
   * shares its node until then, and two copies' stamps could tie). Returns the old one.
   */
  renewNode(): string {
    const old = this.last.node;
    const node = randomBytes(8).toString('hex');
    this.saveNode(node);
    this.last = { ...this.last, node };
    this.save(hlcToString(this.last));
    return old;
  }

  /** Next timestamp for a local write. Call inside the write's transaction. */
  tick(): string {
    this.last = hlcTick(this.last, this.now());
    const s = hlcToString(this.last);
    if (!this.held) this.save(s);
    return s;
  }

  /** For a bulk write in one transaction: the clock is saved once, by the returned release(), inside it. */
  hold(): () => void {
    this.held = true;
    return () => {
      this.held = false;
      this.save(hlcToString(this.last));
    };
  }

  receive(remote: string): void {
    this.last = hlcReceive(this.last, hlcParse(remote), this.now());
    this.save(hlcToString(this.last));
  }
}
