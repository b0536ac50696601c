import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { branchDeskPlugin } from './scripts/eslint/no-cjk-literal.js';
import { CJK_ALLOWED, CJK_BASELINE } from './scripts/eslint/cjk-allowed.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'url', 'util', 'stream', 'zlib', 'net'];
// RULES.md, dates: the core decides today in China Standard Time from its injected clock, and the
// renderer takes it from the core. Only each side's clock module may read the machine's clock or
// its zone.
const LOCAL_TIME = '(FullYear|Year|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds|Time)';
// A date and time written without a zone is read in the machine's zone.
const ZONELESS = '/^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$/';
const machineClock = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the machine clock: take now or today from the clock module (electron/core/clock.ts, renderer/src/lib/clock.ts).',
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length>1]", message: 'new Date(y, m, d …) is in the machine zone: use shared/domain/time.ts.' },
  { selector: "NewExpression[callee.name='Date'] > SpreadElement", message: 'new Date(...args) may read the machine clock: take now from the clock module.' },
  { selector: "CallExpression[callee.name='Date']", message: 'Date() reads the machine clock: take now from the clock module.' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now reads the machine clock: take now from the clock module.' },
  { selector: "MemberExpression[object.name='Date'][property.value='now']", message: 'Date.now reads the machine clock: take now from the clock module.' },
  {
    selector: "MemberExpression[object.name=/^(globalThis|window|self|global)$/][property.name='Date']",
    message: 'globalThis.Date gets around the clock module: take now or today from it.',
  },
  { selector: "VariableDeclarator[init.name='Date']", message: 'an alias of Date gets around the clock module: take now or today from it.' },
  { selector: "AssignmentExpression[right.name='Date']", message: 'an alias of Date gets around the clock module: take now or today from it.' },
  {
    selector: `NewExpression[callee.name='Date'] > Literal[value=${ZONELESS}]`,
    message: 'a date and time without a zone is read in the machine zone: add +08:00 (or Z), or use shared/domain/time.ts.',
  },
  {
    selector: `CallExpression[callee.object.name='Date'][callee.property.name='parse'] > Literal[value=${ZONELESS}]`,
    message: 'a date and time without a zone is read in the machine zone: add +08:00 (or Z), or use shared/domain/time.ts.',
  },
  {
    selector: "MemberExpression[object.name='Intl'][property.value='DateTimeFormat']",
    message: 'Intl.DateTimeFormat defaults to the machine zone: use cstDateTime from shared/domain/time.ts.',
  },
  {
    selector: "CallExpression[callee.object.name='Reflect'] > Identifier[name='Date']",
    message: 'Reflect.construct(Date) reads the machine clock: take now from the clock module.',
  },
  {
    selector: "MemberExpression[object.name='performance'][property.name='timeOrigin']",
    message: 'performance.timeOrigin is the machine clock: take now from the clock module.',
  },
  {
    selector: "CallExpression[callee.name='dayjs'][arguments.length=0]",
    message: 'dayjs() reads the machine clock and zone: use today() from renderer/src/lib/clock.ts.',
  },
  {
    selector: "CallExpression[callee.name='dayjs'][arguments.0.type='Identifier'][arguments.0.name='undefined']",
    message: 'dayjs(undefined) reads the machine clock: use today() from renderer/src/lib/clock.ts.',
  },
  {
    selector: "CallExpression[callee.name='dayjs'][arguments.0.type='UnaryExpression'][arguments.0.operator='void']",
    message: 'dayjs(void 0) reads the machine clock: use today() from renderer/src/lib/clock.ts.',
  },
  {
    selector: `CallExpression[callee.property.name=/^get${LOCAL_TIME}$/]:not([callee.property.name='getTime'])`,
    message: 'local-time getters depend on the machine zone: use getUTC* or shared/domain/time.ts.',
  },
  {
    selector: `MemberExpression[property.value=/^get${LOCAL_TIME}$/]`,
    message: 'local-time getters depend on the machine zone: use getUTC* or shared/domain/time.ts.',
  },
  {
    selector: `CallExpression[callee.property.name=/^set${LOCAL_TIME}$/]`,
    message: 'local-time setters depend on the machine zone: use shared/domain/time.ts.',
  },
  {
    selector: `MemberExpression[object.property.name='prototype'][property.name=/^[gs]et${LOCAL_TIME}$/]`,
    message: 'local-time accessors depend on the machine zone: use shared/domain/time.ts.',
  },
  { selector: "CallExpression[callee.property.name='getTimezoneOffset']", message: 'the machine zone is not the app zone (CST): use shared/domain/time.ts.' },
  {
    selector: 'CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]',
    message: 'toLocaleDateString/TimeString show the machine zone: use cstDateTime from shared/domain/time.ts.',
  },
  {
    selector: "CallExpression[callee.property.name='toLocaleString'][arguments.length<2]",
    message: 'toLocaleString without a timeZone shows the machine zone: use cstDateTime from shared/domain/time.ts.',
  },
  {
    selector: 'CallExpression[callee.property.name=/^to(Date|Time)String$/]',
    message: 'toDateString/toTimeString show the machine zone: use cstDateTime from shared/domain/time.ts.',
  },
  {
    selector: "MemberExpression[object.name='Intl'][property.name='DateTimeFormat']",
    message: 'Intl.DateTimeFormat defaults to the machine zone: use cstDateTime from shared/domain/time.ts.',
  },
  { selector: "Literal[value=/'now'|CURRENT_(DATE|TIME)/i]", message: "SQL 'now' is the machine clock: pass the core's today or instant as a parameter." },
  {
    selector: "TemplateElement[value.raw=/'now'|CURRENT_(DATE|TIME)/i]",
    message: "SQL 'now' is the machine clock: pass the core's today or instant as a parameter.",
  },
];
// antd's own pickers ask the machine for "now"; renderer/src/lib/pickers.tsx asks the core.
const pickerBan = {
  name: 'antd',
  importNames: ['DatePicker', 'Calendar'],
  message: 'import DatePicker and Calendar from renderer/src/lib/pickers: they take now from the core.',
};
const electronBan = { name: 'electron', message: 'Only electron/main and electron/preload may import electron (DESIGN.md, Layout).' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'drizzle/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-restricted-imports': ['error', { paths: [electronBan] }],
    },
  },
  {
    // shared/ is pure: it runs in the renderer, the core and the hub.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronBan,
            { name: 'react', message: 'shared/ must not import react' },
            { name: 'drizzle-orm', message: 'shared/ must not import drizzle' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ must not import Node built-ins' },
            { group: ['react-*', 'drizzle-orm/*', 'better-sqlite3', 'antd', 'antd/*'], message: 'shared/ is pure TypeScript' },
            { group: ['**/electron/**', '**/renderer/**', '**/server/**'], message: 'shared/ must not import from other layers' },
          ],
        },
      ],
    },
  },
  {
    // The renderer never touches Node, SQL or the core.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan, pickerBan],
          patterns: [
            { group: nodeBuiltins, message: 'the renderer has no Node' },
            {
              group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/electron/**', '**/server/**'],
              message: 'the renderer talks to the core only through the RPC client',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/lib/pickers.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    // Renderer unit tests run in Node under vitest: they may read files, never reach the core.
    files: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            {
              group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/electron/**', '**/server/**'],
              message: 'the renderer talks to the core only through the RPC client',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts', 'server/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            {
              group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**', 'react', 'antd'],
              message: 'the core and the hub are Electron-free Node code',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    // The clock modules, and the test of this rule, whose samples break it on purpose.
    ignores: ['electron/core/clock.ts', 'renderer/src/lib/clock.ts', 'electron/core/test/machine-clock-lint.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...machineClock] },
  },
  {
    files: ['renderer/src/**/*.tsx'],
    ignores: ['renderer/src/lib/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...machineClock,
        // rc-textarea sizes itself through a hidden textarea's style attribute, which the strict CSP
        // refuses: the measuring box then shows at the bottom of the window.
        {
          selector: "JSXAttribute[name.name='autoSize']",
          message: 'autoSize needs inline style attributes, which the CSP refuses: give the TextArea rows instead',
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/host/cli.ts', 'server/cli.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'e2e/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Outcomes, not prose (issue 15): no Chinese text in the core's services, sync, dispatch, imports
    // and exports, the shared domain and contract, the hub, or the features' code.
    files: [
      'electron/core/services/**/*.ts',
      'electron/core/sync/**/*.ts',
      'electron/core/rpc/**/*.ts',
      'electron/core/imports/**/*.ts',
      'electron/core/exports/**/*.ts',
      'shared/domain/**/*.ts',
      'shared/contract/**/*.ts',
      'server/**/*.ts',
      'renderer/src/features/**/*.{ts,tsx}',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'server/test/**', 'server/fault/**', 'renderer/src/features/*/i18n.ts', ...CJK_ALLOWED, ...CJK_BASELINE],
    plugins: { branch: branchDeskPlugin },
    rules: { 'branch/no-cjk-literal': 'error' },
  },
);
