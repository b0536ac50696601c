import { z } from 'zod';

// Every number RULES.md marks "default" ships as a dated setting. A verdict computed from
// one names the version it used, so a later change never makes an old verdict unexplainable.

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const RankStepSchema = z.object({
  to: z.string().min(1),
  from: z.array(z.string().min(1)).min(1),
  years: z.number().min(0).max(20),
});
export type RankStep = z.infer<typeof RankStepSchema>;

export const settingDefs = {
  'session.idleMinutes': { group: 'security', schema: int(5, 480), value: 30 },
  /** Months the audit log keeps its rows in the database; older ones move to the archive (MLPS: at least 6). */
  'audit.retentionMonths': { group: 'security', schema: int(6, 120), value: 6 },
  /** Rows one import file may hold (a hostile or mistaken file is refused before it is read whole). */
  'import.maxRows': { group: 'zones', schema: int(1_000, 1_000_000), value: 300_000 },
  'zones.ownerBusinessThreshold': { group: 'zones', schema: int(1, 100_000), value: 600 },
  'appraisal.excellentCapPct': { group: 'people', schema: int(1, 100), value: 20 },
  'rank.ladder': {
    group: 'ranks',
    schema: z.array(RankStepSchema).min(1),
    value: [
      { to: '一级科员', from: ['二级科员'], years: 2 },
      { to: '四级主任科员', from: ['一级科员'], years: 3 },
      { to: '三级主任科员', from: ['四级主任科员', '乡科级副职'], years: 2 },
      { to: '二级主任科员', from: ['三级主任科员'], years: 2 },
      { to: '一级主任科员', from: ['二级主任科员', '乡科级正职'], years: 2 },
      { to: '四级调研员', from: ['一级主任科员'], years: 2 },
    ] as RankStep[],
  },
  'rank.weakYearsCount': { group: 'ranks', schema: z.boolean(), value: false },
  'rank.incompetentBlocks': { group: 'ranks', schema: z.boolean(), value: true },
  'rank.oldTitleMap': {
    group: 'ranks',
    schema: z.record(z.string(), z.string()),
    value: { 主任科员: '二级主任科员', 副主任科员: '四级主任科员' } as Record<string, string>,
  },
  'rank.leadershipTimeCounts': { group: 'ranks', schema: z.boolean(), value: true },
  'secondLine.ageMale': { group: 'people', schema: int(45, 65), value: 55 },
  'secondLine.ageFemale': { group: 'people', schema: int(45, 65), value: 53 },
  'secondLine.windowMonths': { group: 'people', schema: int(1, 60), value: 12 },
  'secondLine.maxDeferralYears': { group: 'people', schema: int(0, 10), value: 3 },
  'supervisor.maxAssignments': { group: 'people', schema: int(1, 50), value: 4 },
  'supervisor.maxHoursPerMonth': { group: 'people', schema: int(1, 200), value: 16 },
  'stage.adaptYears': { group: 'stages', schema: int(1, 10), value: 3 },
  'stage.growthYears': { group: 'stages', schema: int(2, 30), value: 10 },
  'stage.retreatYears': { group: 'stages', schema: int(1, 15), value: 5 },
  'training.minHours': { group: 'training', schema: int(0, 500), value: 90 },
  'training.minDays': { group: 'training', schema: int(0, 60), value: 12 },
  'training.minFullTimeDays': { group: 'training', schema: int(0, 60), value: 6 },
  'training.initialDays': { group: 'training', schema: int(0, 60), value: 12 },
  'training.postTrainingMonths': { group: 'training', schema: int(1, 36), value: 12 },
  'complaint.acceptDays': { group: 'later', schema: int(1, 60), value: 7 },
  'complaint.mediationDays': { group: 'later', schema: int(1, 180), value: 45 },
  'complaint.notifyDays': { group: 'later', schema: int(1, 60), value: 7 },
  'complaint.leadVerifyDays': { group: 'later', schema: int(1, 60), value: 15 },
  'complaint.leadExtendDays': { group: 'later', schema: int(0, 60), value: 15 },
  'inspection.minInspectors': { group: 'later', schema: int(2, 10), value: 2 },
} as const;

export type SettingKey = keyof typeof settingDefs;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefs)[K]['schema']>;
export const SETTING_KEYS = Object.keys(settingDefs) as SettingKey[];

export function isSettingKey(k: string): k is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingDefs, k);
}

/** Why a setting value is refused: a reason the screens word, with its parameters. */
export interface SettingProblem {
  reason: 'range' | 'integer' | 'type' | 'ladder' | 'ladderDuplicate' | 'ladderCycle';
  min?: number;
  max?: number;
  rank?: string;
}

/** The schema's checks and the extra ones a value must pass; returns a problem or null. */
export function settingProblem(key: SettingKey, value: unknown): SettingProblem | null {
  const parsed = settingDefs[key].schema.safeParse(value);
  if (!parsed.success) {
    if (key === 'rank.ladder') return { reason: 'ladder' };
    const bounds = rangeOf(key);
    if (typeof value !== 'number' || Number.isNaN(value)) return { reason: 'type', ...bounds };
    return Number.isInteger(value) ? { reason: 'range', ...bounds } : { reason: 'integer', ...bounds };
  }
  if (key === 'rank.ladder') return ladderProblem(parsed.data as RankStep[]);
  return null;
}

/** The bounds of a number setting, for the message that says what is allowed. */
function rangeOf(key: SettingKey): { min?: number; max?: number } {
  const s = settingDefs[key].schema as unknown as { minValue?: number | null; maxValue?: number | null };
  return { ...(typeof s.minValue === 'number' ? { min: s.minValue } : {}), ...(typeof s.maxValue === 'number' ? { max: s.maxValue } : {}) };
}

export function ladderProblem(steps: RankStep[]): SettingProblem | null {
  const targets = new Set<string>();
  for (const s of steps) {
    if (targets.has(s.to)) return { reason: 'ladderDuplicate', rank: s.to };
    targets.add(s.to);
  }
  // A cycle would make "the next rank" undefined.
  const next = new Map<string, string[]>();
  for (const s of steps) for (const f of s.from) next.set(f, [...(next.get(f) ?? []), s.to]);
  const state = new Map<string, 1 | 2>();
  const visit = (n: string): boolean => {
    if (state.get(n) === 1) return true;
    if (state.get(n) === 2) return false;
    state.set(n, 1);
    for (const m of next.get(n) ?? []) if (visit(m)) return true;
    state.set(n, 2);
    return false;
  };
  for (const n of next.keys()) if (visit(n)) return { reason: 'ladderCycle', rank: n };
  return null;
}

/** The built-in default is version 0, effective since forever. */
export const DEFAULT_EFFECTIVE_FROM = '1900-01-01';
