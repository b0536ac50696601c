import { expect, type Locator, type Page } from '@playwright/test';
import { spacedButton, submit, typeRange } from './antd';
import { ImportDialogModel } from './imports';

/** 干部档案: the HR dashboard and the cadre register (干部名册). */
export class DossiersPageModel {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByRole('menu').getByText('干部档案', { exact: true }).click();
  }
  dashboard() {
    return this.page.getByTestId('hr-dashboard');
  }
  /** One of the dashboard's lists: recruits, retirement, plans, commitments, declarations, training. */
  list(key: 'recruits' | 'retirement' | 'plans' | 'commitments' | 'declarations' | 'training') {
    return this.page.getByTestId(`hr-${key}`);
  }
  async openDossier(list: Locator, name: string) {
    await list.getByRole('link', { name, exact: true }).click();
    return new DossierPageModel(this.page);
  }
  async register() {
    await this.page.getByRole('tab', { name: '干部名册' }).click();
    return new CadreRegisterModel(this.page);
  }
}

/** 干部名册: the searchable table of cadres. */
export class CadreRegisterModel {
  constructor(private readonly page: Page) {}
  async search(text: string) {
    const box = this.page.getByPlaceholder('按姓名或岗位搜索');
    await box.fill(text);
    await box.press('Enter');
  }
  row(name: string) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
  /** 从 Excel 导入: the shared import dialog, for cadres. */
  async import() {
    await this.page.getByRole('button', { name: '从 Excel 导入' }).click();
    return new ImportDialogModel(this.page);
  }
}

/** One cadre's 职业档案: the header, its warnings and one tab per kind of record. */
export class DossierPageModel {
  constructor(private readonly page: Page) {}
  async goto(url: string, cadreId: string) {
    await this.page.goto(`${url}#/dossiers/${cadreId}`);
    await expect(this.root()).toBeVisible();
  }
  root() {
    return this.page.getByTestId('dossier');
  }
  stage() {
    return this.page.getByTestId('stage');
  }
  warning(code: string) {
    return this.page.getByTestId(`warning-${code}`);
  }
  async tab(name: '职业生涯规划' | '岗位承诺' | '巡回实习' | '干部名册' | string) {
    await this.page.getByRole('tab', { name }).click();
  }
  async print() {
    await this.page.getByRole('button', { name: '打印 / 导出 PDF' }).click();
    return new PrintViewModel(this.page);
  }

  // 巡回实习
  internships() {
    return this.page.getByTestId('internships');
  }
  async scheduleInternship(o: { post: string; place: string; from: string; to: string; supervisor: string }) {
    await this.tab('巡回实习');
    await this.page.getByRole('button', { name: '安排巡回实习' }).click();
    const d = this.page.getByRole('dialog', { name: '安排巡回实习' });
    await d.getByLabel('实习岗位').fill(o.post);
    await d.getByLabel('实习单位/科室').fill(o.place);
    await typeRange(d, o.from, o.to);
    await d.getByLabel('带教人').fill(o.supervisor);
    await submit(d);
  }

  // 职业生涯规划
  plans() {
    return this.page.getByTestId('plans');
  }
  planRow(goal: string) {
    return this.plans().getByRole('row').filter({ hasText: goal });
  }
  anchorChart() {
    return this.page.getByTestId('anchor-chart');
  }
  async newPlan() {
    await this.tab('职业生涯规划');
    await this.page.getByRole('button', { name: '新建规划书' }).click();
    return new PlanEditorModel(this.page, this.page.getByRole('dialog', { name: '新建规划书' }));
  }
  async submitPlan(goal: string) {
    await this.planRow(goal).getByRole('button', { name: '提交' }).click();
    await submit(this.page.getByRole('dialog').filter({ hasText: '提交' }), '确定');
  }
  async reviewPlan(goal: string, comment: string) {
    await this.planRow(goal)
      .getByRole('button', { name: /^审\s*阅$/ })
      .click();
    const d = this.page.getByRole('dialog', { name: /^审\s*阅$/ });
    await d.getByLabel('审阅意见').fill(comment);
    await submit(d, '审阅');
  }
  async printPlan(goal: string) {
    await this.planRow(goal)
      .getByRole('button', { name: /^打\s*印$/ })
      .click();
    return new PrintViewModel(this.page);
  }

  // 岗位承诺
  commitments() {
    return this.page.getByTestId('commitments');
  }
  commitmentRow(text: string) {
    return this.commitments().getByRole('row').filter({ hasText: text });
  }
  async newCommitment() {
    await this.tab('岗位承诺');
    await this.page.getByRole('button', { name: '新建承诺书' }).click();
    return this.page.getByRole('dialog');
  }
  /** The year-end review, by keyboard only: each item's result is chosen with the arrow keys. */
  async reviewCommitment(text: string, results: ('已兑现' | '部分兑现' | '未兑现')[]) {
    const order = ['已兑现', '部分兑现', '未兑现'];
    await this.commitmentRow(text).getByRole('button', { name: '年终评议' }).click();
    const d = this.page.getByRole('dialog');
    for (const [k, r] of results.entries()) {
      await d.getByLabel(`第 ${k + 1} 项评议结果`).focus();
      await this.page.keyboard.press('Enter');
      for (let i = 0; i < order.indexOf(r); i++) await this.page.keyboard.press('ArrowDown');
      await this.page.keyboard.press('Enter');
    }
    await submit(d);
  }
}

/** The 职业生涯规划书 dialog with the 40-item career anchor survey. */
export class PlanEditorModel {
  constructor(
    private readonly page: Page,
    readonly dialog: Locator,
  ) {}
  items() {
    return this.dialog.getByRole('radiogroup', { name: /^第 \d+ 题$/ });
  }
  /** Scores survey item n (1–40) from 1 to 6. */
  async answer(n: number, score: number) {
    await this.dialog
      .getByRole('radiogroup', { name: `第 ${n} 题`, exact: true })
      .getByText(String(score), { exact: true })
      .click();
  }
  async answerAll(score: (n: number) => number) {
    for (let n = 1; n <= 40; n++) await this.answer(n, score(n));
  }
  async fill(o: { selfAssessment?: string; goal1?: string; goal3?: string }) {
    if (o.selfAssessment) await this.dialog.getByLabel('自我评估').fill(o.selfAssessment);
    if (o.goal1) await this.dialog.getByLabel('1 年目标').fill(o.goal1);
    if (o.goal3) await this.dialog.getByLabel('3 年目标').fill(o.goal3);
  }
  async saveDraft() {
    await submit(this.dialog, '保存草稿');
  }
  periodStart() {
    return this.dialog.getByLabel('开始年度');
  }
  /** The survey's progress line, （已答 n/40 题）. */
  answered(n: number) {
    return this.dialog.getByText(`已答 ${n}/40 题`);
  }
  /** The notice that unsaved answers were restored from the draft. */
  restored() {
    return this.page.getByTestId('plan-draft-restored');
  }
  /** The notice that another plan already covers the period. */
  periodClash() {
    return this.page.getByTestId('plan-period-clash');
  }
  /** Escape with answers unsaved: returns the prompt that asks before discarding them. */
  async escape() {
    await this.page.keyboard.press('Escape');
    return this.page.getByRole('dialog').filter({ hasText: '放弃未保存的填写？' });
  }
  async keepEditing() {
    await this.page.getByRole('button', { name: '继续填写' }).click();
  }
}

/** The A4 print view of a dossier or a plan. */
export class PrintViewModel {
  constructor(private readonly page: Page) {}
  /** Opens a print route directly: `dossier/<cadreId>` or `plan/<cadreId>?plan=<planId>`. */
  async goto(url: string, route: string) {
    await this.page.goto(`${url}#/print/${route}`);
    await expect(this.sheet()).toBeVisible();
  }
  /** The hint, in browser mode, to save the print as PDF. */
  browserPdfHint() {
    return this.page.getByTestId('browser-pdf-hint');
  }
  sheet() {
    return this.page.getByTestId('print-sheet');
  }
  async back() {
    await spacedButton(this.page.locator('body'), '返回').click();
  }
  /** The page as Chromium prints it to PDF (A4). */
  async pdf() {
    await this.page.emulateMedia({ media: 'print' });
    const pdf = await this.page.pdf({ format: 'A4', printBackground: true });
    await this.page.emulateMedia({ media: 'screen' });
    return pdf;
  }
}
