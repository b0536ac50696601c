// What the dossier's tabs share: a record type of the dossier, and dates to and from the form.
import dayjs, { type Dayjs } from 'dayjs';
import type { Dossier } from '../../../../shared/contract/dossiers';

export type Rec<K extends keyof Dossier> = Dossier[K] extends (infer R)[] ? R : never;
export const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
export const dj = (s: string | null | undefined) => (s ? dayjs(s) : null);
export const dateRules = (t: (k: string) => string) => [{ required: true, message: t('common.required') }];
