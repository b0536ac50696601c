// Events pushed from the core to the renderer. data.changed feeds react-query invalidation.
export interface EventMap {
  'data.changed': { tables: string[] };
  'session.ended': { reason: 'expired' | 'logout' };
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = ['data.changed', 'session.ended'];
