// Events pushed from the core to the renderer. data.changed feeds react-query invalidation.
import type { ImportJob } from './imports';
import type { SyncStatusView } from './sync';

export interface EventMap {
  'data.changed': { tables: string[] };
  'sync.status': SyncStatusView;
  /** An import job's progress: counts only, no row data. */
  'import.progress': ImportJob;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = ['data.changed', 'sync.status', 'import.progress'];
