import { z } from 'zod';
import { Empty, method } from './common';

export const AboutSchema = z.object({
  /** The product's name, as the package and the installer show it. */
  productName: z.string(),
  version: z.string(),
  /** The folder that holds the database and its backups. */
  dataDir: z.string(),
  /** Electron's version inside the desktop app; null in browser mode. */
  electron: z.string().nullable(),
});
export type About = z.infer<typeof AboutSchema>;

export const UpdateStatusSchema = z.object({
  /** False in browser mode: only the desktop app updates itself. */
  supported: z.boolean(),
  /** The office's update folder (electron-updater's generic provider), a setting of this device. */
  feedUrl: z.string().nullable(),
  current: z.string(),
  state: z.enum(['idle', 'checking', 'downloading', 'downloaded', 'error']),
  offered: z.string().nullable(),
  /** Why the last check did not download: current, downgrade, staged, invalid, unreachable. */
  reason: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const updateContract = {
  'update.status': method({ input: Empty, output: UpdateStatusSchema, reads: ['update'], permission: 'session' }),
  'update.configure': method({
    input: z.object({ feedUrl: z.string().max(300).nullable() }).strict(),
    output: UpdateStatusSchema,
    changes: ['update'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  'update.check': method({ input: Empty, output: UpdateStatusSchema, changes: ['update'], scope: 'county', permission: 'settings.manage' }),
  /** The user chose to restart into the downloaded update. */
  'update.install': method({ input: Empty, output: UpdateStatusSchema, changes: ['update'], permission: 'session' }),
};

export const BackupEntrySchema = z.object({
  name: z.string(),
  folder: z.string(),
  file: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  day: z.string().nullable(),
  /**
   * PRAGMA quick_check of the copy, run when it was written, when first listed (checking: under
   * way in the background) or on demand; foreign: encrypted with another installation's key (its
   * recovery key restores it), or damaged.
   */
  integrity: z.enum(['ok', 'damaged', 'not_backup', 'unchecked', 'checking', 'foreign']),
  checkedAt: z.string().nullable(),
  /** The audit head the backup carries (its anchor). */
  auditHead: z.number().int().nullable(),
});
export type BackupEntry = z.infer<typeof BackupEntrySchema>;

/** 64 hex digits, in groups separated by spaces or dashes, as the recovery key is shown. */
export const RECOVERY_RE = /^(?:[0-9a-fA-F][\s-]*){64}$/;
const Folder = z.string().trim().min(1).max(400).nullish();
const File = z.string().trim().min(1).max(500);

export const backupContract = {
  'backup.list': method({
    input: z.object({ folder: Folder }).strict(),
    output: z.array(BackupEntrySchema),
    reads: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  'backup.create': method({
    input: z.object({ folder: Folder }).strict(),
    output: BackupEntrySchema,
    changes: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  'backup.verify': method({
    input: z.object({ file: File }).strict(),
    output: BackupEntrySchema,
    changes: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  /** Backs the current database up first, then restores `file` at a restart of the desk. */
  /**
   * The installation's database key as a recovery key, for the administrator to write down: a
   * backup opens only with the key of the install that made it, so a new PC (or a lost key store)
   * needs it to restore. Asks for the administrator's password again; audited without the key.
   */
  'backup.recoveryKey': method({
    input: z.object({ password: z.string().min(1).max(200) }).strict(),
    output: z.object({ recoveryKey: z.string().nullable() }),
    scope: 'county',
    permission: 'settings.manage',
  }),
  'backup.restore': method({
    input: z
      .object({
        file: File,
        confirm: z.literal(true),
        /** Another installation's recovery key, for its backups (64 hex digits, in groups or not). */
        recoveryKey: z.string().trim().max(100).regex(RECOVERY_RE, 'recoveryKeyFormat').optional(),
      })
      .strict(),
    output: z.object({ preRestoreBackup: z.string().nullable(), restart: z.literal(true) }),
    changes: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  /**
   * Restores this desk refused at a start (a file staged as a restore without this desk's signed
   * stamp), not yet acknowledged by an administrator, and those acknowledged whose set-aside copy
   * is still in the data folder: shown on the administrator's home page.
   */
  'backup.refusedRestores': method({
    input: Empty,
    output: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        reason: z.string(),
        setAside: z.string().nullable(),
        size: z.number().int().nullable(),
        acknowledged: z.boolean(),
      }),
    ),
    reads: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
  /**
   * The administrator has seen the refused restores up to `upTo` (an audit row's seq): audited.
   * `removeFiles` deletes their set-aside copies from the data folder (the audit keeps the record).
   */
  'backup.ackRefusedRestores': method({
    input: z.object({ upTo: z.number().int().min(1), removeFiles: z.boolean().optional() }).strict(),
    output: z.object({ acknowledged: z.number().int(), removed: z.number().int(), removedBytes: z.number().int(), notRemoved: z.number().int() }),
    changes: ['backup'],
    scope: 'county',
    permission: 'settings.manage',
  }),
};

export const appContract = {
  'app.about': method({ input: Empty, output: AboutSchema, reads: [], permission: 'session' }),
  ...updateContract,
  ...backupContract,
};
