import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CJK_ALLOWED, CJK_BASELINE } from '../../../scripts/eslint/cjk-allowed.js';

// Issue 15, outcomes not prose: the core's services and sync, the shared domain and contract, the hub
// and the features' code carry no Chinese
// sentences; they give reason keys and rule outcomes that the dictionaries word. The rule is
// checked here on code that breaks it, so removing or weakening it fails too.
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const eslint = new ESLint({ cwd: root });
const flagged = async (file: string, code: string) => {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r!.messages.filter((m) => m.ruleId === 'branch/no-cjk-literal').length;
};

describe('the no-Chinese-text guard', () => {
  it.each([
    ['electron/core/services/tasks/tasks.service.ts', "export const f = () => { throw new Error('任务不存在'); };"],
    ['electron/core/services/tasks/tasks.service.ts', 'export const f = (n: number) => `共 ${n} 条`;'],
    ['electron/core/services/tasks/tasks.service.ts', "export const sep = '、';"],
    ['renderer/src/features/tasks/TasksPage.tsx', 'export const P = () => <p>任务</p>;'],
    ['renderer/src/features/tasks/TasksPage.tsx', 'export const P = () => <p title="任务">x</p>;'],
    // The sync layer and the hub give codes too; the shared domain names its Chinese data in CJK_ALLOWED, with the reason.
    ['electron/core/sync/dispatch-queue.ts', "export const f = () => { throw new Error('队列已满'); };"],
    ['server/tasks-hub.ts', "export const answer = { error: '任务不存在' };"],
    ['shared/domain/tasks.ts', "export const STATUS = ['待办', '已办'];"],
  ])('flags %s: %s', async (file, code) => {
    expect(await flagged(file, code)).toBeGreaterThan(0);
  });

  it.each([
    [
      'electron/core/services/tasks/tasks.service.ts',
      "// 任务：a comment may say it in Chinese\nexport const f = () => { throw new Error('tasks.notFound'); };",
    ],
    ['renderer/src/features/tasks/i18n.ts', "export const zhCN = { tasks: { title: '任务' } };"],
    ['shared/domain/settings.ts', "export const RANKS = ['一级科员', '二级科员'];"],
    ['server/test/tasks.test-helper.ts', "export const NAME = '林晓';"],
  ])('lets %s pass', async (file, code) => {
    expect(await flagged(file, code)).toBe(0);
  });

  it('keeps its lists to files that exist and need them', async () => {
    const fs = await import('node:fs');
    for (const f of [...CJK_ALLOWED, ...CJK_BASELINE]) expect(fs.existsSync(path.join(root, f)), f).toBe(true);
    // A converted file leaves the baseline: the list only names files that still hold Chinese text.
    const stale: string[] = [];
    for (const f of CJK_BASELINE) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      // Linted as if it were a new file beside it, which no list names.
      const [r] = await eslint.lintText(text, { filePath: path.join(root, path.dirname(f), `_probe_${path.basename(f)}`) });
      if (!r!.messages.some((m) => m.ruleId === 'branch/no-cjk-literal')) stale.push(f);
    }
    expect(stale).toEqual([]);
  }, 120_000);
});
