import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Small steps on antd widgets that every screen's model uses: the open dropdown of a Select, a
 * date or a date range typed in, a dialog's button.
 */

/** The option of the open antd dropdown (its listbox copies for screen readers are hidden). */
export function dropdownOption(page: Page, name: string | RegExp) {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name });
}

/** Opens the Select labelled `field` and clicks each option (several for a multiple Select). */
export async function choose(page: Page, field: Locator, ...options: (string | RegExp)[]) {
  await field.click();
  for (const o of options) await dropdownOption(page, o).first().click();
}

/** Types a date into a DatePicker and confirms it. */
export async function typeDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
}

/** Types both ends of the RangePicker inside `scope` (its inputs carry the placeholders 开始日期 / 结束日期). */
export async function typeRange(scope: Locator, from: string, to: string) {
  const start = scope.getByPlaceholder('开始日期');
  await start.click();
  await start.fill(from);
  await scope.getByPlaceholder('结束日期').fill(to);
  await scope.getByPlaceholder('结束日期').press('Enter');
}

/** A button in `scope` (保存, 返回, …): antd spaces two-character labels, hence the pattern. */
export function spacedButton(scope: Locator, name: string) {
  return scope.getByRole('button', { name: name.length === 2 ? new RegExp(`^${name[0]}\\s*${name[1]}$`) : name, exact: name.length !== 2 });
}

/** Clicks the dialog's button and waits for the dialog to close. */
export async function submit(dialog: Locator, name = '保存') {
  await spacedButton(dialog, name).click();
  await expect(dialog).toBeHidden();
}

/** The cell of a table row under the column headed `header`. */
export async function cellUnder(table: Locator, row: Locator, header: string) {
  const headers = await table.getByRole('columnheader').allTextContents();
  const k = headers.findIndex((h) => h.trim() === header);
  if (k < 0) throw new Error(`no column ${header} among ${headers.join(' | ')}`);
  return row.getByRole('cell').nth(k);
}
