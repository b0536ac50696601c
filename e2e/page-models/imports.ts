import { expect, type Page } from '@playwright/test';

/** The import dialog every register shares: a file in, a preview with the mapping, then 确认导入. */
export class ImportDialogModel {
  constructor(private readonly page: Page) {}
  dialog() {
    return this.page.getByRole('dialog');
  }
  async choose(file: string) {
    await this.dialog().locator('input[type=file]').setInputFiles(file);
  }
  preview() {
    return this.dialog().getByTestId('import-preview');
  }
  mapping() {
    return this.dialog().getByTestId('import-mapping');
  }
  commitButton() {
    return this.dialog().getByTestId('import-commit');
  }
  /** 确认导入, and the outcome line once the job is done. */
  async commit() {
    await this.commitButton().click();
    const done = this.dialog().getByTestId('import-done');
    await expect(done).toBeVisible({ timeout: 60_000 });
    return done;
  }
  async close() {
    await this.dialog().getByTestId('import-close').click();
    await expect(this.dialog()).toHaveCount(0);
  }
}
