import { expect, type Locator, type Page } from '@playwright/test';
import { cellUnder, choose, spacedButton, submit, typeDate, typeRange } from './antd';

/** 督导与晋升: the supervisors' roster, the second line and rank promotion, one tab each. */
export class RosterPageModel {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByRole('menu').getByText('督导与晋升', { exact: true }).click();
  }
  async secondLine() {
    await this.page.getByRole('tab', { name: '退二线' }).click();
    return new SecondLineModel(this.page);
  }
  async supervisors() {
    await this.page.getByRole('tab', { name: '督导员名册' }).click();
    return new SupervisorsModel(this.page);
  }
  async eligibility() {
    await this.page.getByRole('tab', { name: '职级晋升' }).click();
    return new EligibilityModel(this.page);
  }
}

/** 退二线: middle-level cadres at or near the age, and the move itself. */
export class SecondLineModel {
  constructor(private readonly page: Page) {}
  row(name: string) {
    return this.page.getByTestId('second-line').getByRole('row').filter({ hasText: name });
  }
  /** 办理退二线, confirmed; returns the offer to appoint the cadre supervisor that follows. */
  async move(name: string) {
    await this.row(name).getByRole('button', { name: '办理退二线' }).click();
    await submit(this.page.getByRole('dialog').filter({ hasText: '办理退二线' }), '确定');
    return this.page.getByRole('dialog').filter({ hasText: '任命为督导员？' });
  }
}

/** 督导员名册, and its 任命督导员 dialog. */
export class SupervisorsModel {
  constructor(private readonly page: Page) {}
  row(name: string) {
    return this.page.getByTestId('supervisors').getByRole('row').filter({ hasText: name });
  }
  async openSupervisor(name: string) {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    return new SupervisorPageModel(this.page);
  }
  async appoint() {
    await this.page.getByRole('button', { name: '任命督导员' }).click();
    return new AppointDialogModel(this.page);
  }
}

export class AppointDialogModel {
  readonly dialog: Locator;
  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: '任命督导员' });
  }
  cadre() {
    return this.dialog.getByLabel('人员');
  }
  /** The people the 人员 field offers. */
  async candidates() {
    await this.cadre().click();
    return this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  }
  async fill(o: { duties: string; zones?: string[] }) {
    await this.dialog.getByLabel('职责').fill(o.duties);
    if (o.zones?.length) {
      await choose(this.page, this.dialog.getByLabel('督导的责任区'), ...o.zones);
      // Close the multiple Select's dropdown so the dialog shows the choice.
      await this.dialog.getByLabel('职责').click();
    }
  }
  async save() {
    await submit(this.dialog);
  }
}

/** One supervisor's page: assignments, the log of visits and the open follow-ups. */
export class SupervisorPageModel {
  constructor(private readonly page: Page) {}
  async goto(url: string, supervisorId: string) {
    await this.page.goto(`${url}#/roster/supervisors/${supervisorId}`);
    await expect(this.root()).toBeVisible();
  }
  root() {
    return this.page.getByTestId('supervisor-page');
  }
  heading() {
    return this.root().getByRole('heading', { level: 4 });
  }
  assignments() {
    return this.page.getByTestId('assignments');
  }
  log() {
    return this.page.getByTestId('log');
  }
  assignButton() {
    return this.page.getByRole('button', { name: '新增督导任务' });
  }
  logButton() {
    return this.page.getByRole('button', { name: '记录一次督导' });
  }
  backButton() {
    return spacedButton(this.page.locator('body'), '返回');
  }
  async assign(o: { zone: string; from: string; to: string; goals: string }) {
    await this.assignButton().click();
    const d = this.page.getByRole('dialog', { name: '新增督导任务' });
    await choose(this.page, d.getByLabel('督导对象'), o.zone);
    await typeRange(d, o.from, o.to);
    await d.getByLabel('督导目标').fill(o.goals);
    await submit(d);
  }
  async logVisit(o: { target: string | RegExp; findings: string; followUp?: string; followStatus?: '无需跟进' | '待跟进' | '已完成' }) {
    await this.logButton().click();
    const d = this.page.getByRole('dialog', { name: '记录一次督导' });
    await choose(this.page, d.getByLabel('督导对象'), o.target);
    await d.getByLabel('发现的问题').fill(o.findings);
    if (o.followUp) await d.getByLabel('跟进事项').fill(o.followUp);
    if (o.followStatus) await choose(this.page, d.getByLabel('跟进状态'), o.followStatus);
    await submit(d);
  }
}

/** 职级晋升: who may move up a rank, each criterion explained, and 记录晋升. */
export class EligibilityModel {
  constructor(private readonly page: Page) {}
  table() {
    return this.page.getByTestId('eligibility');
  }
  async show(which: '已符合及 6 个月内符合' | '现已符合' | '全部') {
    await choose(this.page, this.page.getByLabel('范围'), which);
  }
  row(name: string) {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
  /** The 现在是否符合 cell of the cadre's row. */
  verdict(name: string) {
    return cellUnder(this.table(), this.row(name), '现在是否符合');
  }
  /** Expands the row; returns the criteria list and the training shown beside it as evidence. */
  async explain(name: string) {
    await this.row(name)
      .getByRole('button', { name: /展开行|Expand row/ })
      .click();
    return { criteria: this.page.getByTestId(`criteria-${name}`), training: this.page.getByTestId(`training-${name}`) };
  }
  async promote(name: string) {
    await this.row(name).getByRole('button', { name: '记录晋升' }).click();
    return new PromoteDialogModel(this.page);
  }
}

/** 记录晋升: the approval date (starting at today) and the 任职文号 (no default). */
export class PromoteDialogModel {
  readonly dialog: Locator;
  constructor(page: Page) {
    this.dialog = page.getByRole('dialog').filter({ has: page.getByLabel('任职文号') });
  }
  date() {
    return this.dialog.getByLabel('批准日期');
  }
  errors() {
    return this.dialog.locator('.ant-form-item-explain-error');
  }
  async fill(o: { date?: string; decisionRef?: string }) {
    if (o.date) await typeDate(this.date(), o.date);
    if (o.decisionRef) await this.dialog.getByLabel('任职文号').fill(o.decisionRef);
  }
  async record() {
    await this.dialog.getByRole('button', { name: '记录晋升' }).click();
  }
}
