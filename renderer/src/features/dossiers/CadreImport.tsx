import { App, Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CADRE_IMPORT_COLUMNS, type CadreImportKey } from '../../../../shared/contract/offices';
import { rpc } from '../../api/client';
import { errorText } from '../../lib/errors';
import { exportXlsx } from '../../lib/export';

type Rows = Partial<Record<CadreImportKey, string>>[];
const KEYS = Object.keys(CADRE_IMPORT_COLUMNS) as CadreImportKey[];

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return String(o.text);
  }
  return String(v).trim();
}

/** Reads the first sheet: the header row names the columns (the export's headers work as a template). */
async function readRows(file: File): Promise<Rows> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await file.arrayBuffer());
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('empty');
  const byHeader = new Map<string, CadreImportKey>(KEYS.map((k) => [CADRE_IMPORT_COLUMNS[k], k]));
  let cols: Map<number, CadreImportKey> | null = null;
  const rows: Rows = [];
  ws.eachRow((row) => {
    const values = (row.values as unknown[]).map(cellText);
    if (!cols) {
      const found = new Map<number, CadreImportKey>();
      values.forEach((v, i) => byHeader.has(v) && found.set(i, byHeader.get(v)!));
      if (found.size >= 3) cols = found;
      return;
    }
    const r: Partial<Record<CadreImportKey, string>> = {};
    for (const [i, k] of cols) if (values[i]) r[k] = values[i]!.slice(0, 200);
    if (Object.keys(r).length) rows.push(r);
  });
  if (!cols) throw new Error('headers');
  return rows;
}

export function CadreImport({ offices }: { offices: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ file: string; rows: Rows; errors: { row: number; message: string }[] } | null>(null);

  async function load(file: File) {
    setBusy(true);
    try {
      let rows: Rows;
      try {
        rows = await readRows(file);
      } catch (e) {
        void message.error((e as Error).message === 'headers' ? t('cadres.importNoHeaders') : t('cadres.importBadFile'));
        return;
      }
      const r = await rpc('cadres.import', { rows, commit: false });
      setReport({ file: file.name, rows, errors: r.errors });
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    if (!report) return;
    setBusy(true);
    try {
      const r = await rpc('cadres.import', { rows: report.rows, commit: true });
      if (r.errors.length) setReport({ ...report, errors: r.errors });
      else {
        void message.success(t('cadres.importDone', { n: r.created }));
        setReport(null);
        void qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('cadres.') });
      }
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const template = () =>
    exportXlsx(
      t('cadres.importTemplate'),
      t('cadres.registerTitle'),
      KEYS.map((k) => ({ header: CADRE_IMPORT_COLUMNS[k], value: (r: Record<string, string>) => r[k] })),
      [{ name: '张三', gender: '男', birthDate: '1990-05-01', office: offices[0]?.label ?? '', post: '综合监管岗', workStart: '2012-08-01', status: '在岗' }],
    );

  return (
    <>
      <Button onClick={() => void template()}>{t('cadres.importTemplate')}</Button>
      <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (void load(f), false)}>
        <Button loading={busy}>{t('cadres.import')}</Button>
      </Upload>
      <Modal
        open={report !== null}
        width={720}
        title={t('cadres.importPreview', { file: report?.file ?? '' })}
        onCancel={() => setReport(null)}
        footer={
          <Space>
            <Button onClick={() => setReport(null)}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!report || report.errors.length > 0} loading={busy} onClick={() => void commit()}>
              {t('cadres.importCommit', { n: report?.rows.length ?? 0 })}
            </Button>
          </Space>
        }
      >
        {report && report.errors.length === 0 && <Alert type="success" showIcon title={t('cadres.importReady', { n: report.rows.length })} />}
        {report && report.errors.length > 0 && (
          <>
            <Alert type="error" showIcon title={t('cadres.importErrors', { n: report.errors.length, total: report.rows.length })} style={{ marginBottom: 12 }} />
            <Table size="small" rowKey={(r) => `${r.row}-${r.message}`} dataSource={report.errors} pagination={{ pageSize: 10 }} columns={[{ title: t('cadres.importRow'), dataIndex: 'row', width: 80 }, { title: t('cadres.importProblem'), dataIndex: 'message' }]} />
          </>
        )}
      </Modal>
    </>
  );
}
