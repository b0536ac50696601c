import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'url', 'util', 'stream', 'zlib', 'net'];
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
          paths: [electronBan, { name: 'react', message: 'shared/ must not import react' }, { name: 'drizzle-orm', message: 'shared/ must not import drizzle' }],
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
          paths: [electronBan],
          patterns: [
            { group: nodeBuiltins, message: 'the renderer has no Node' },
            { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/electron/**', '**/server/**'], message: 'the renderer talks to the core only through the RPC client' },
          ],
        },
      ],
    },
  },
  {
    // Renderer unit tests run in Node under vitest: they may read files, never reach the core.
    files: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [{ group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/electron/**', '**/server/**'], message: 'the renderer talks to the core only through the RPC client' }] },
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
          patterns: [{ group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**', 'react', 'antd'], message: 'the core and the hub are Electron-free Node code' }],
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
);
