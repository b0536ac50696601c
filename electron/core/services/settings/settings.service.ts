import { fail } from '../../../../shared/contract/errors';
import type { SettingRow, SettingVersion } from '../../../../shared/contract/settings';
import { DEFAULT_EFFECTIVE_FROM, SETTING_KEYS, settingDefs, settingProblem, type SettingKey, type SettingValue } from '../../../../shared/domain/settings';
import type { Sqlite } from '../../db/open';
import { settingVersion } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';

interface StoredVersion {
  key: string;
  version: number;
  value: string;
  effective_from: string;
  note: string | null;
  author: string | null;
  created_at: string;
}

export interface Applied<K extends SettingKey> {
  key: K;
  value: SettingValue<K>;
  version: number;
  effectiveFrom: string;
}

export function createSettingsService(deps: { sqlite: Sqlite; writer: SyncedWriter; bureauId: () => string }) {
  const { sqlite, writer } = deps;
  const versionsOf = sqlite.prepare<[string], StoredVersion>(
    `SELECT key, version, value, effective_from, note, author, created_at FROM setting_version
     WHERE key = ? AND deleted_at IS NULL ORDER BY effective_from, version`,
  );

  function history(key: SettingKey): SettingVersion[] {
    const def: SettingVersion = {
      version: 0,
      value: settingDefs[key].value,
      effectiveFrom: DEFAULT_EFFECTIVE_FROM,
      note: null,
      author: null,
      createdAt: null,
    };
    return [
      def,
      ...versionsOf.all(key).map((v) => ({
        version: v.version,
        value: JSON.parse(v.value) as unknown,
        effectiveFrom: v.effective_from,
        note: v.note,
        author: v.author,
        createdAt: v.created_at,
      })),
    ];
  }

  /** The version in force on `day`: the latest effective date not after it. */
  function at<K extends SettingKey>(key: K, day: string): Applied<K> {
    const h = history(key);
    let pick = h[0]!;
    for (const v of h) if (v.effectiveFrom <= day) pick = v;
    return { key, value: pick.value as SettingValue<K>, version: pick.version, effectiveFrom: pick.effectiveFrom };
  }

  function row(key: SettingKey, day: string): SettingRow {
    const a = at(key, day);
    const h = history(key);
    return { key, group: settingDefs[key].group, current: h.find((v) => v.version === a.version)!, history: h };
  }

  function list(day: string): SettingRow[] {
    return SETTING_KEYS.map((k) => row(k, day));
  }

  /**
   * Add a new dated version. Old versions are never edited, and a new one may not take
   * effect before the latest existing one: verdicts already computed keep their version.
   */
  function set(key: SettingKey, value: unknown, effectiveFrom: string, note: string | null, day: string, ctx: WriteCtx): SettingRow {
    const problem = settingProblem(key, value);
    if (problem) throw fail('BAD_INPUT', problem.reason, { key, field: 'value', ...problem });
    const h = history(key);
    const latest = h[h.length - 1]!;
    if (effectiveFrom < latest.effectiveFrom) {
      throw fail('RULE_VIOLATION', 'settingBackdated', { key, latestEffectiveFrom: latest.effectiveFrom });
    }
    writer.create(
      settingVersion,
      {
        officeId: deps.bureauId(),
        key,
        version: latest.version + 1,
        value: JSON.stringify(settingDefs[key].schema.parse(value)),
        effectiveFrom,
        note,
        author: ctx.actor.name,
      },
      ctx,
    );
    return row(key, day);
  }

  return { at, list, set, history };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
