import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { RpcFailure } from '../api/client';
import { formatInstant } from './clock';
import { listText } from './format';

interface Issue {
  path: string;
  message: string;
  code?: string;
}

/** A key segment as the core writes one: no prototype names, no key separators of i18next's own. */
const KEY_PART = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const NOT_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

/** Whether `prefix.part` is one of the dictionaries' sentences (not an object of them, not a prototype name). */
function has(prefix: string, part: unknown): part is string {
  if (typeof part !== 'string' || !KEY_PART.test(part) || part.split('.').some((x) => NOT_KEYS.has(x))) return false;
  const key = `${prefix}.${part}`;
  return i18n.exists(key) && typeof i18n.t(key, { returnObjects: true }) === 'string';
}

/** i18next's own option names: a detail of the core's under one of these names is not an option. */
const T_OPTIONS = new Set([
  'lng',
  'lngs',
  'ns',
  'context',
  'defaultValue',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'keyPrefix',
  'fallbackLng',
  'replace',
  'ordinal',
  'nsSeparator',
  'keySeparator',
  'skipInterpolation',
]);
const params = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !T_OPTIONS.has(k)));

/** The issues of a refusal as the contract gives them; anything else in their place is dropped. */
function issuesOf(v: unknown): Issue[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((i): i is Record<string, unknown> => !!i && typeof i === 'object')
    .map((i) => ({
      path: typeof i.path === 'string' ? i.path.slice(0, 200) : '',
      message: typeof i.message === 'string' ? i.message : '',
      ...(typeof i.code === 'string' ? { code: i.code } : {}),
    }));
}

/**
 * The contract's refusal of an input, field by field: "单位（必填）；学时（超出范围）". A field is named
 * from errors.fields by its last named segment (a list's item by its number), else by its path.
 */
export function inputIssuesText(t: TFunction, issues: Issue[]): string {
  const parts = issues.slice(0, 5).map((i) => {
    // A check that says what is wrong by a key of its own (shared/contract): its words.
    if (has('errors.input', i.message)) return t(`errors.input.${i.message}`);
    const segs = i.path.split('.').filter(Boolean);
    const name = [...segs].reverse().find((x) => !/^\d+$/.test(x));
    const index = segs.find((x) => /^\d+$/.test(x));
    const field = name ? (has('errors.fields', name) ? t(`errors.fields.${name}`) : name) : t('errors.fieldText.input');
    const where = index !== undefined ? t('errors.fieldText.item', { n: Number(index) + 1, field }) : field;
    const how = has('errors.issue', i.code) ? t(`errors.issue.${i.code}`) : t('errors.issue.other');
    return t('errors.fieldText.issue', { where, how });
  });
  return listText([...new Set(parts)]) + (issues.length > 5 ? t('errors.issue.more', { n: issues.length - 5 }) : '');
}

/** A Chinese (or English) sentence for any failure; never a stack trace. */
export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof RpcFailure)) return t('errors.INTERNAL');
  const raw = (err.details ?? {}) as Record<string, unknown>;
  // A list parameter (names) reads the way the language joins a list (listText).
  const d = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) && v.every((x) => typeof x === 'string') ? listText(v) : v]));
  // An outcome the core gave as a reason key with parameters (shared/contract/errors.ts `fail`);
  // its detail, if any, picks a more precise wording (errors.reasons.<reason>_<detail>).
  if (has('errors.reasons', d.reason))
    return t(`errors.reasons.${d.reason}`, { ...params(d), ...(typeof d.detail === 'string' && KEY_PART.test(d.detail) ? { context: d.detail } : {}) });
  // A hub's answer by a code this build does not know (a newer hub): the hub's refusal, not the input's.
  if (typeof d.reason === 'string' && d.reason.startsWith('hub.')) return t('errors.reasons.hub.HTTP', { status: d.status ?? '?' });
  switch (err.code) {
    case 'WEAK_PASSWORD':
      return typeof d.problem === 'string' ? t(`password.${d.problem}`) : t('errors.WEAK_PASSWORD');
    case 'ACCOUNT_LOCKED':
      return t('errors.ACCOUNT_LOCKED', { until: d.until ? formatInstant(String(d.until)) : '' });
    case 'HUB_UNREACHABLE':
      // What happened on the way to the hub, and what to do (the core tells the reasons apart).
      // During an enrolment the code stays valid until the first sync completes: say so.
      if (has('sync.link', d.reason)) return t(`sync.link.${d.reason}`, { host: d.host ?? '' }) + (d.codeStillValid ? t('sync.codeStillValid') : '');
      return t('errors.HUB_UNREACHABLE');
    case 'BAD_CREDENTIALS':
      return t('errors.BAD_CREDENTIALS');
    case 'BAD_INPUT':
    case 'RULE_VIOLATION':
    case 'CONFLICT':
    case 'NOT_FOUND':
      // The contract's checks, by their keys (errors.input.*) where they have one, else by field and how.
      if (issuesOf(d.issues).length) return t('errors.withDetail', { head: t('errors.BAD_INPUT'), detail: inputIssuesText(t, issuesOf(d.issues)) });
      return has('errors', err.code) ? t(`errors.${err.code}`) : t('errors.INTERNAL');
    default:
      return has('errors', err.code) ? t(`errors.${err.code}`) : t('errors.INTERNAL');
  }
}

/** The sync status's error in the user's language: a link failure by its reason, else the core's sentence. */
export function syncErrorText(
  t: TFunction,
  s: {
    error: string | null;
    errorReason?: string | null;
    errorHost?: string | null;
    hubError?: { code: string; params: Record<string, unknown> } | null;
    notice?: { key: string; params: Record<string, unknown> } | null;
    configured?: boolean;
  },
): string | null {
  // The worker's own notice (read-only, clock skew, revoked credentials, a local failure) comes first.
  if (s.notice && has('errors.reasons', s.notice.key)) return t(`errors.reasons.${s.notice.key}`, params(s.notice.params));
  // An enrolled device tries again on its own (with backoff); a failed enrolment does not.
  if (has('sync.link', s.errorReason)) return t(`sync.link.${s.errorReason}`, { host: s.errorHost ?? '' }) + (s.configured ? `（${t('sync.willRetry')}）` : '');
  // The hub's error answer by its code (a code of a newer hub this build does not know: the core's text).
  if (s.hubError && has('errors.reasons.hub', s.hubError.code)) return t(`errors.reasons.hub.${s.hubError.code}`, params(s.hubError.params));
  return s.error;
}
