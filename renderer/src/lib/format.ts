import i18n from '../i18n';

/** "2026-03-01 至 2026-03-05" (en-US "2026-03-01 – 2026-03-05"); one date when both ends agree; an open end reads 今. */
export function dateRange(from: string, to: string | null | undefined, open = true): string {
  if (from === to) return from;
  return i18n.t('common.range', { from, to: to ?? (open ? i18n.t('dossier.open') : '') });
}

/** "16 学时 · 2 天（脱产）". */
export function hoursDays(c: { hours: number; days: number; fullTime?: boolean }): string {
  return i18n.t('training.hoursDays', { hours: c.hours, days: c.days }) + (c.fullTime ? i18n.t('training.fullTimeMark') : '');
}

/** "16 学时". */
export const hoursText = (hours: number) => i18n.t('training.hoursOnly', { hours });

/** "岗位练兵·法律" / "Post drill·法律": the course kind in the interface language, then the drill's sub-kind. */
export function courseKind(c: { kind: string; subKind: string | null }): string {
  const kind = i18n.t(`training.kinds.${c.kind}`);
  return c.subKind ? `${kind}·${c.subKind}` : kind;
}

/**
 * Items joined the way the language joins them: 甲、乙、丙 / a, b, c (a list of names or rules);
 * `and`: 甲、乙和丙 / a, b, and c; `or`: 甲、乙或丙 / a, b, or c.
 */
export function listText(items: readonly string[], kind: 'list' | 'and' | 'or' = 'list'): string {
  const type = kind === 'or' ? 'disjunction' : 'conjunction';
  return new Intl.ListFormat(i18n.language, { type, style: kind === 'list' ? 'narrow' : 'long' }).format(items);
}

/** A file's size as read: bytes under 1 KB (a 6-byte file is no 1 KB backup), then KB and MB. */
export const fileSize = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`);
