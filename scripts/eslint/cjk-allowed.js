// Files that may hold Chinese text (the no-cjk-literal rule, scripts/eslint/no-cjk-literal.js).

/** For good: data in Chinese by nature, and official forms printed in Chinese whatever the UI language. */
export const CJK_ALLOWED = [
  // The sample county: names, addresses and the wording of real records.
  'electron/core/services/sample/sample.service.ts',
  // The audit log's names of methods and entities, in both languages: a dictionary in code.
  'renderer/src/features/audit/labels.ts',
  // The dossier and the career plan printed on A4: official forms, in Chinese whatever the UI language.
  'renderer/src/features/dossiers/PrintView.tsx',
  // The course sign-in sheet (签到表), an official form printed in Chinese.
  'renderer/src/features/training/SignInSheet.tsx',
  // The business register's Excel columns: the wording offices exchange, which the import reads back.
  'electron/core/services/zones/business-export.ts',
];

/**
 * Not yet converted to reason keys and rule outcomes: each file here is a debt, and the list only
 * shrinks. Remove a file once it passes the rule.
 */
export const CJK_BASELINE = [
];
