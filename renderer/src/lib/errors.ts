import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { RpcFailure } from '../api/client';

/** A Chinese (or English) sentence for any failure; never a stack trace. */
export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof RpcFailure)) return t('errors.INTERNAL');
  const d = (err.details ?? {}) as Record<string, unknown>;
  switch (err.code) {
    case 'WEAK_PASSWORD':
      return typeof d.problem === 'string' ? t(`password.${d.problem}`) : t('errors.WEAK_PASSWORD');
    case 'ACCOUNT_LOCKED':
      return t('errors.ACCOUNT_LOCKED', { until: d.until ? new Date(String(d.until)).toLocaleString(i18n.language) : '' });
    case 'BAD_CREDENTIALS':
      return typeof d.remaining === 'number' ? `${t('errors.BAD_CREDENTIALS')}（${t('errors.remaining', { n: d.remaining })}）` : t('errors.BAD_CREDENTIALS');
    case 'BAD_INPUT':
    case 'RULE_VIOLATION':
    case 'CONFLICT':
    case 'NOT_FOUND':
      // The core's message names the field and rule; it is written in Chinese.
      if (i18n.language === 'zh-CN' && err.message) {
        const issues = d.issues as { path: string; message: string }[] | undefined;
        return issues?.length ? `${err.message}：${issues.map((i) => i.path).join('、')}` : err.message;
      }
      return t(`errors.${err.code}`);
    default:
      return t(`errors.${err.code}`, { defaultValue: t('errors.INTERNAL') });
  }
}
