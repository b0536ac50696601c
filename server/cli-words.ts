/**
 * What the hub's command line says to the county administrator, in Chinese or in English.
 * The language: --lang, else HUB_LANG, else the machine's locale (a Chinese Windows Server says
 * zh-CN); zh when none of these says anything. Data lines (devices, pending, audit-restores) are
 * tab-separated fields, the same in both languages, for scripts.
 */
export type CliLang = 'zh' | 'en';

type Params = Record<string, string | number>;
type Entry = { zh: (p: Params) => string; en: (p: Params) => string };

const WORDS = {
  badNumber: {
    zh: (p) => `--${p.flag} 应为 ${p.min} 到 ${p.max} 之间的数（现为 "${p.got}"）`,
    en: (p) => `--${p.flag} must be a number from ${p.min} to ${p.max} (got "${p.got}")`,
  },
  storeNotPg: {
    zh: () => '--store（HUB_DATABASE_URL）须为 postgres:// 地址；不加它时，同步服务器把 SQLite 数据存在 --data 文件夹中',
    en: () => '--store (HUB_DATABASE_URL) must be a postgres:// URL; without it the hub keeps its SQLite store in --data',
  },
  migrateNeedsTo: {
    zh: () => 'migrate-store 需要 --to postgres://…（或一个 SQLite 数据文件夹）',
    en: () => 'migrate-store needs --to postgres://… (or a SQLite data folder)',
  },
  noHubStore: { zh: (p) => `${p.dir} 中没有同步服务器的数据`, en: (p) => `no hub store in ${p.dir}` },
  copyMismatch: {
    zh: () => '迁移后的数据与原数据不符，已停止：请保留原数据，勿启动新的服务器，并联系技术支持',
    en: () => 'the copy does not match its source: keep the old store, do not start the new hub, and call support',
  },
  officeRequired: { zh: () => '需要 --office（单位编号）', en: () => '--office is required' },
  badClass: { zh: (p) => `--class 须为以下之一：${p.list}`, en: (p) => `--class must be one of ${p.list}` },
  testOnlyClock: {
    zh: () => '--clock-offset-ms 仅用于测试（需要 NODE_ENV=test）',
    en: () => '--clock-offset-ms is for tests only (needs NODE_ENV=test)',
  },
  stillRunning: {
    zh: (p) => `${p.dir} 中的同步服务器仍在运行（进程 ${p.pid}）：请先停止它，否则迁移期间它接收的修改会丢失`,
    en: (p) => `the hub in ${p.dir} is still running (process ${p.pid}): stop it first, or edits it accepts during the copy are lost`,
  },
  unstorable: {
    zh: (p) =>
      `有 ${p.n} 行含有 PostgreSQL 无法保存的字符（U+0000 或残缺的字符）：${p.list}。请在县局设备上改正这些记录并同步，或加上 --replace-unstorable 重新运行，以 U+FFFD 代替这些字符`,
    en: (p) =>
      `${p.n} rows hold text PostgreSQL cannot store (U+0000 or a broken character): ${p.list}. Correct those records on a county device and sync, or run again with --replace-unstorable to store U+FFFD in their place`,
  },
  replaced: {
    zh: (p) => `已把 ${p.n} 处无法保存的字符替换为 U+FFFD：${p.list}`,
    en: (p) => `${p.n} characters that could not be stored were replaced by U+FFFD: ${p.list}`,
  },
  migrated: {
    zh: (p) =>
      `已迁移 ${p.from} → ${p.to}：${p.rows} 行，${p.ops} 个操作，${p.devices} 台设备，${p.evictions} 条移出，${p.pending} 个待处理操作，${p.conflicts} 个冲突，${p.anchors} 个审计锚点，序号 ${p.seq}（${p.ms} ms）`,
    en: (p) =>
      `moved ${p.from} → ${p.to}: ${p.rows} rows, ${p.ops} ops, ${p.devices} devices, ${p.evictions} evictions, ${p.pending} pending ops, ${p.conflicts} conflicts, ${p.anchors} audit anchors, seq ${p.seq} (${p.ms} ms)`,
  },
  migratedNext: {
    zh: () => '旧的同步服务器不要再启动；用 --store 启动新的服务器，设备无需重新登记。',
    en: () => 'Do not start the old hub again; start the new one with --store. Devices need not enrol again.',
  },
  enrolCode: {
    zh: (p) => `登记码（一次性，${p.days} 天内有效）：${p.code}`,
    en: (p) => `enrolment code (once, valid for ${p.days} days): ${p.code}`,
  },
  snapshotWritten: {
    zh: (p) => `快照已写入 ${p.file}：${p.rows} 行，截至序号 ${p.seq}`,
    en: (p) => `snapshot written to ${p.file}: ${p.rows} rows, up to seq ${p.seq}`,
  },
  pendingDropped: {
    zh: (p) => `已删除 ${p.n} 条待处理操作`,
    en: (p) => `${p.n} pending ops deleted`,
  },
  noPending: { zh: () => '没有待处理的操作', en: () => 'no pending ops' },
  noRestores: { zh: () => '没有设备报告过恢复备份', en: () => 'no device has reported a restore' },
  revoked: { zh: (p) => `已吊销 ${p.id}`, en: (p) => `revoked ${p.id}` },
  noSuchDevice: { zh: () => '没有这个设备，或已吊销', en: () => 'no such device, or already revoked' },
} satisfies Record<string, Entry>;

export type CliWord = keyof typeof WORDS;

/** The language asked for, or the machine's. */
export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv, locale = Intl.DateTimeFormat().resolvedOptions().locale): CliLang {
  for (const v of [flag, env.HUB_LANG]) {
    if (v && /^en/i.test(v)) return 'en';
    if (v && /^zh/i.test(v)) return 'zh';
  }
  return /^en/i.test(locale) ? 'en' : 'zh';
}

export function cliWords(lang: CliLang) {
  return (word: CliWord, params: Params = {}): string => (WORDS[word] as Entry)[lang](params);
}
