// The shape of a domain module (DESIGN.md, "Modules"). A domain lives in
// electron/core/services/<domain>/ and exports one DomainModule from its index.ts: its contract,
// its tables, its services and its handlers. create-core.ts builds the platform (the database, the
// clock, the synced writer, the audit log, the sync worker, the import host), then iterates
// MODULES (modules.ts) twice: once to create each domain's services, in list order, so a domain
// may use the services of the domains before it (its "ports"), and once to collect the handlers.
import type { z } from 'zod';
import type { MethodSpec } from '../../shared/contract/common';
import type { Viewer } from '../../shared/domain/access';
import type { AnySQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Clock } from './clock';
import type { Sqlite } from './db/open';
import type { Db } from './db/drizzle';
import type { ReadCache } from './db/read-cache';
import type { SyncedWriter, WriteCtx } from './sync/synced-write';
import type { AuditService } from './services/audit/audit.service';
import type { UserRow } from './services/auth/auth.service';
import type { SyncWorker } from './sync/worker';
import type { ImportHost } from './imports/import-host';
import type { BackupsService } from './services/app/backups.service';
import type { UpdatesService } from './services/app/updates.service';
import type { AuditAnchoring } from './services/audit/anchoring';
import type { About } from '../../shared/contract/app';

/** What every call carries, built once by dispatch: who asks, for what, and on which CST day. */
export interface Call {
  user: UserRow;
  sessionToken: string;
  method: string;
  /** The account, as the audit log names it. */
  actor: { id: string; name: string };
  /** Role, office and cadre: what row scope is decided on (shared/domain/access.ts). */
  viewer: Viewer;
  /** What a write passes to the synced writer and the audit log. */
  write: WriteCtx;
  /** The calendar day in China Standard Time, read once from the core's clock for the whole call. */
  today: string;
}

/** A call to a public method (sign-in, first-run setup): there may be no user yet. */
export interface PublicCall {
  user: UserRow | null;
  sessionToken: string | undefined;
  method: string;
  today: string;
}

export type ContractSlice = Record<string, MethodSpec>;

type CallFor<S extends MethodSpec> = S['permission'] extends 'public' ? PublicCall : Call;

/** One method's handler, typed from its contract entry: parsed input in, output (or its promise) out. */
export type HandlerFor<S extends MethodSpec> = (input: z.output<S['input']>, call: CallFor<S>) => z.output<S['output']> | Promise<z.output<S['output']>>;

/** A domain's handlers, one per method of its contract (the way Actual types `PayeesHandlers`). */
export type HandlersFor<C extends ContractSlice> = { [M in keyof C]: HandlerFor<C[M]> };

/** The pieces every domain may use; built by create-core before any module. */
export interface BasePlatform {
  sqlite: Sqlite;
  db: Db;
  clock: Clock;
  writer: SyncedWriter;
  audit: AuditService;
  cache: ReadCache;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** The CST calendar day now, for work outside a call (timers, start-up). */
  today: () => string;
}

/**
 * The services domains offer each other and the platform, by name. Each domain adds its own
 * entries from its index.ts (declaration merging), so this file never changes for a new domain:
 *
 *     declare module '../../module' { interface Ports { tasks: TasksService } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Ports {}

/**
 * What create-core builds after every module's services, from them: the sync worker, the import
 * host, backups, updates, the audit chain's anchors. Services read these at call time only.
 */
export interface Infra {
  worker: SyncWorker;
  imports: ImportHost;
  backups: BackupsService;
  updates: UpdatesService;
  anchoring: AuditAnchoring;
  about: About;
}

/** The platform: the base, then the infrastructure (filled in after the services phase). */
export interface Platform extends BasePlatform, Infra {
  ports: Ports;
}

export interface DomainModule<C extends ContractSlice = ContractSlice> {
  /** The domain's folder name. */
  name: string;
  contract: C;
  /** Its drizzle tables (electron/core/schema/<domain>.ts): each table belongs to one module. */
  tables?: Record<string, AnySQLiteTable | unknown>;
  /**
   * Its services, created in module-list order; earlier domains' services are in `ports` (later
   * ones, and the platform's infrastructure, only when a call runs: read them lazily).
   */
  services?: (p: Platform, ports: Ports) => Partial<Ports>;
  /** Its handlers: parsing and the role check are done by dispatch; each calls one service. */
  handlers: (ports: Ports, p: Platform) => HandlersFor<C>;
  /**
   * For the permission test over every method (rpc/dispatch.test.ts): an input each method
   * parses, where `{}` does not. Bodies that would write name ids that do not exist.
   */
  probes?: { [M in keyof C]?: z.input<C[M]['input']> };
}

/** Identity, with the types checked: `export default defineModule({ ... })`. */
export function defineModule<C extends ContractSlice>(m: DomainModule<C>): DomainModule<C> {
  return m;
}

/** An id no row has, for probes. */
export const PROBE_ID = '00000000-0000-7000-8000-000000000000';
