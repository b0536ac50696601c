// Files that may hold Chinese text (the no-cjk-literal rule, scripts/eslint/no-cjk-literal.js).

/** For good: data in Chinese by nature, and official forms printed in Chinese whatever the UI language. */
export const CJK_ALLOWED = [
  // The sample county: names, addresses and the wording of real records.
  'electron/core/services/sample/sample.service.ts',
  // The audit log's names of methods and entities, in both languages: a dictionary in code.
  'renderer/src/features/audit/labels.ts',
  // The hub's command line, in both languages: a dictionary in code (the hub has no i18n library).
  'server/cli-words.ts',
  // The dossier and the career plan printed on A4: official forms, in Chinese whatever the UI language.
  'renderer/src/features/dossiers/PrintView.tsx',
  // The course sign-in sheet (签到表), an official form printed in Chinese.
  'renderer/src/features/training/SignInSheet.tsx',
  // The business register's Excel columns: the wording offices exchange, which the import reads back.
  'electron/core/services/zones/business-export.ts',
  // The other lists' Excel files (cadre register, census, roster): column titles and values in the
  // same exchanged wording (职业阶段, 在岗, 无照 …), which the imports read back.
  'electron/core/exports/list-exports.ts',
  // What the imports read: the registry's and the HR system's column titles and their variants,
  // the columns to ignore, and the values as those systems write them.
  'electron/core/imports/businesses.kind.ts',
  'electron/core/imports/cadres.kind.ts',
  'electron/core/imports/census.kind.ts',
  'electron/core/imports/mapping.ts',
  // Rank names and the promotion ladder (公务员职务与职级并行规定): official names, stored as written.
  'shared/domain/settings.ts',
  // Appraisal grades (优秀, 称职, 基本称职, 不称职, 不定等次): values stored and exchanged as written.
  'shared/domain/eligibility.ts',
  // Full-width digits and Ｘ in identity numbers as typed: characters, not text.
  'shared/domain/id-number.ts',
  // The registry's wording of a business's status, read from and written to its files.
  'shared/domain/import-values.ts',
  // The contract's stored values and exchanged headers: appraisal grades, education and political
  // status, leadership posts, supervision themes, the cadre register's and the attendance sheet's
  // column names and the template's example row. Its input checks speak in keys (errors.input.*).
  'shared/contract/dossiers.ts',
  'shared/contract/offices.ts',
  'shared/contract/roster.ts',
  'shared/contract/training.ts',
  // Training: the drill kinds, abilities and common posts (stored values, as written); the words of
  // attendance sheets (出席, 缺席, 请假 … read from files); and the course kinds' official names,
  // printed on the sign-in sheet and the dossier (Chinese forms whatever the UI language) and
  // matched against plan needs written in Chinese. The screens word the kinds in i18n.
  'shared/domain/training.ts',
  // Career stages' names in the cadre register's Excel file (the exchanged wording); the screens
  // word the stages in i18n.
  'shared/domain/career-labels.ts',
];

/**
 * Not yet converted to reason keys and rule outcomes: each file here is a debt, and the list only
 * shrinks. Remove a file once it passes the rule.
 */
export const CJK_BASELINE = [
  // The per-row import report: its sheet name, row-number title, truncation marker and separators
  // are Chinese whatever the UI language (the problems themselves come worded from the renderer).
  'electron/core/imports/engine.ts',
];
