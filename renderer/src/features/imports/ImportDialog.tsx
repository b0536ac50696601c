import { Alert, App, Button, Checkbox, Modal, Progress, Radio, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportJob, ImportKind, ImportPreview, ImportSummary } from '../../../../shared/contract/imports';
import { onEvent, rpc, RpcFailure } from '../../api/client';
import type { ErrorCode } from '../../../../shared/contract/errors';
import i18n from '../../i18n';
import { groupDigits } from '../../../../shared/domain/import-values';
import { downloadBase64, fileToBase64, importFileProblem } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/format';

/** A business import goes into one station, or (byFile) to each row's 所属单位. */
type Target = { kind: 'businesses'; officeId?: string; byFile?: boolean } | { kind: 'cadres' } | { kind: 'census'; censusId: string };

/** The preview call of each list, with its target (station or census). */
type Source = { fileName?: string; fileBase64?: string; previewId?: string; mapping?: Record<string, string | null>; resetMapping?: boolean };

function previewCall(target: Target, source: Source): Promise<ImportPreview> {
  if (target.kind === 'businesses') return rpc('businesses.importPreview', { ...(target.officeId ? { officeId: target.officeId } : {}), ...source });
  if (target.kind === 'census') return rpc('census.importPreview', { censusId: target.censusId, ...source });
  return rpc('cadres.importPreview', source);
}

/** The issue's wording in the user's language; the core sends a code and its parameters. */
export function issueText(
  t: (k: string, o?: Record<string, unknown>) => string,
  kind: ImportKind,
  i: { code: string; field: string; params: Record<string, string | number> },
) {
  const label = (key: string) => t(`imports.fields.${kind}.${key}`, { defaultValue: key });
  // A rule the core refused by a reason key (fail) reads as that reason.
  if (i.code === 'rule' && typeof i.params.reason === 'string' && i18n.exists(`errors.reasons.${i.params.reason}`))
    return t(`errors.reasons.${i.params.reason}`, i.params);
  // A list of missing columns comes as field keys (name,creditCode): shown by their column titles.
  const fields = typeof i.params.fields === 'string' && i.params.fields ? listText(i.params.fields.split(',').map((k) => label(k.trim()))) : i.params.fields;
  return t(`imports.issues.${i.code}`, { ...i.params, ...(fields !== undefined ? { fields } : {}), field: label(i.field), defaultValue: i.code });
}

/**
 * The import of a list: choose a file (.xlsx, .xls or .csv, read by the core), see the column
 * mapping and change it, the issues grouped by kind with what to do, download the row-by-row
 * report, then write with a progress bar and a cancel button.
 */
export function ImportDialog({
  target,
  title,
  onClose,
  stationPicker,
}: {
  target: Target;
  title: string;
  onClose: () => void;
  stationPicker?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reading, setReading] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [skipErrors, setSkipErrors] = useState(false);
  const [unknownRefs, setUnknownRefs] = useState<'unassigned' | 'create'>('unassigned');
  const [job, setJob] = useState<ImportJob | null>(null);
  const kind = target.kind;
  const ready = target.kind !== 'businesses' || !!target.officeId || !!target.byFile;

  useEffect(() => onEvent('import.progress', (j) => setJob((cur) => (cur && cur.jobId === j.jobId ? j : cur))), []);
  // Events carry the progress; a slow poll covers an event missed while the dialog subscribed.
  const runningJob = job?.state === 'running' ? job.jobId : null;
  useEffect(() => {
    if (!runningJob) return;
    const h = setInterval(
      () =>
        void rpc('imports.job', { jobId: runningJob }).then((j) =>
          setJob((cur) => (cur?.jobId === j.jobId && (cur.state !== 'running' || j.state !== 'running' || j.done >= cur.done) ? j : cur)),
        ),
      1000,
    );
    return () => clearInterval(h);
  }, [runningJob]);

  async function run(source: Source) {
    setReading(true);
    setError(null);
    try {
      const p = await previewCall(target, source);
      setPreview(p);
      setMapping({});
      setSkipErrors(false);
    } catch (e) {
      setError(errorText(t, e));
      if (!source.previewId) setPreview(null);
    } finally {
      setReading(false);
    }
  }

  async function choose(file: File) {
    setFileName(file.name);
    setJob(null);
    const problem = importFileProblem(t, file);
    if (problem) {
      setPreview(null);
      setError(problem);
      return;
    }
    await run({ fileName: file.name, fileBase64: await fileToBase64(file) });
  }

  async function commit() {
    if (!preview) return;
    setError(null);
    try {
      setJob(await rpc('imports.commit', { previewId: preview.previewId, skipErrors, unknownRefs }));
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  async function report() {
    if (!preview) return;
    const bundle = i18n.getResourceBundle(i18n.language, 'translation') as {
      imports: { issues: Record<string, string>; fields: Record<string, Record<string, string>>; truncated: string };
      errors: { reasons: Record<string, string> };
    };
    // The marker of a cell cut to Excel's 32,767 characters, {{n}} left for the core to fill.
    const words: Record<string, string> = { ...bundle.imports.issues, 'report.truncated': bundle.imports.truncated };
    for (const [k, v] of Object.entries(bundle.imports.fields[kind] ?? {})) words[`field.${k}`] = v;
    // The reasons the file's issues name (the summary groups every issue by its reason).
    for (const g of preview.summary)
      if (typeof g.params.reason === 'string' && bundle.errors.reasons[g.params.reason])
        words[`reason.${g.params.reason}`] = bundle.errors.reasons[g.params.reason]!;
    try {
      const r = await rpc('imports.report', { previewId: preview.previewId, words, problemHeader: t('imports.problemHeader') });
      downloadBase64(`${(fileName ?? 'import').replace(/\.\w+$/, '')}-${t('imports.problemHeader')}.xlsx`, r.fileBase64);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  }

  const fieldOptions = useMemo(
    () => [
      { value: '', label: t('imports.ignore') },
      ...(preview?.fields ?? []).map((f) => ({ value: f.key, label: `${t(`imports.fields.${kind}.${f.key}`)}${f.required ? ' *' : ''}` })),
    ],
    [preview, kind, t],
  );
  const changedMapping = Object.keys(mapping).length > 0;
  const writing = job?.state === 'running';
  const finished = job && job.state !== 'running';
  const refs = preview ? [...preview.unknownZones, ...preview.unknownGrids] : [];
  const blocked = !preview || (preview.errorRows > 0 && !skipErrors) || preview.creates + preview.updates === 0 || changedMapping;

  return (
    <Modal
      open
      width={960}
      title={title}
      maskClosable={false}
      onCancel={writing ? undefined : onClose}
      closable={!writing}
      footer={
        finished ? (
          <Button type="primary" onClick={onClose} data-testid="import-close">
            {t('imports.close')}
          </Button>
        ) : writing ? (
          <Button danger onClick={() => void rpc('imports.cancel', { jobId: job!.jobId }).then(setJob)} data-testid="import-cancel">
            {t('imports.cancel')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={blocked} onClick={() => void commit()} data-testid="import-commit">
              {t('imports.commit')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {stationPicker}
        <Upload accept=".xlsx,.xls,.csv,.txt" showUploadList={false} beforeUpload={(f) => (void choose(f), false)} disabled={!ready || writing}>
          <Button loading={reading} disabled={!ready || writing}>
            {t('imports.chooseFile')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{fileName ?? t('imports.formats')}</Typography.Text>
      </Space>
      {reading && <Alert type="info" showIcon title={t('imports.reading')} style={{ marginBottom: 8 }} />}
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 8 }} />}
      {job && <JobState job={job} />}
      {preview && !job && (
        <div data-testid="import-preview">
          <Alert
            type={preview.errorRows ? 'error' : preview.warningCount ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 8 }}
            title={t('imports.counts', preview)}
            description={
              <>
                {t('imports.fileInfo', { format: preview.format.toUpperCase(), sheet: preview.sheet, row: preview.headerRow })}
                {preview.encoding && t('imports.encoding', { encoding: preview.encoding.toUpperCase() })}
                {preview.errorRows > 0 && (
                  <div>
                    {t(preview.errorRows === 1 ? 'imports.errorRow' : 'imports.errorRows', { n: preview.errorRows })}
                    {t('imports.sentenceEnd')}
                    {t('imports.allOrNothing')}
                  </div>
                )}
                {preview.warningCount > 0 && <div>{t('imports.warnings', { n: preview.warningCount })}</div>}
              </>
            }
          />
          <Typography.Title level={5} style={{ marginTop: 8 }}>
            {t('imports.mapping')}{' '}
            {preview.remembered && (
              <>
                <Tag color="blue">{t('imports.remembered')}</Tag>
                <Button
                  size="small"
                  type="link"
                  loading={reading}
                  data-testid="import-reset-mapping"
                  onClick={() => void run({ previewId: preview.previewId, resetMapping: true })}
                >
                  {t('imports.resetMapping')}
                </Button>
              </>
            )}
          </Typography.Title>
          <div className="import-mapping" data-testid="import-mapping" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
            {preview.columns.map((c) => {
              const value = c.index in mapping ? mapping[c.index] : c.field;
              return (
                <div key={c.index} style={{ border: '1px solid #e5e5e5', borderRadius: 4, padding: '4px 6px', minWidth: 150 }}>
                  <div style={{ fontSize: 12, color: '#666' }} title={c.header}>
                    {c.header || `#${c.index + 1}`}
                  </div>
                  <Select
                    size="small"
                    style={{ width: 160 }}
                    value={value ?? ''}
                    aria-label={`${t('imports.field')}: ${c.header}`}
                    options={fieldOptions}
                    onChange={(v: string) => setMapping((m) => ({ ...m, [c.index]: v || null }))}
                  />
                </div>
              );
            })}
          </div>
          {changedMapping && (
            <Button
              size="small"
              type="primary"
              ghost
              loading={reading}
              style={{ marginBottom: 8 }}
              onClick={() => void run({ previewId: preview.previewId, mapping })}
            >
              {t('imports.remap')}
            </Button>
          )}
          {preview.summary.length > 0 && <Summary kind={kind} summary={preview.summary} />}
          {refs.length > 0 && (
            <Alert
              type="warning"
              style={{ margin: '8px 0' }}
              title={t('imports.unknownRefs', { names: listText(refs.map((r) => t('imports.refRows', { name: r.text, rows: r.rows }))) })}
              description={
                <Radio.Group value={unknownRefs} onChange={(e) => setUnknownRefs(e.target.value as 'unassigned' | 'create')}>
                  <Radio value="unassigned">{t('imports.unassigned')}</Radio>
                  <Radio value="create">{t('imports.create')}</Radio>
                </Radio.Group>
              }
            />
          )}
          {preview.errorRows > 0 && (
            <Checkbox checked={skipErrors} onChange={(e) => setSkipErrors(e.target.checked)} style={{ margin: '8px 0' }}>
              {t('imports.skipErrors', { n: preview.errorRows })}
            </Checkbox>
          )}
          {preview.issues.length > 0 && (
            <>
              <Space style={{ margin: '8px 0' }}>
                <Typography.Text strong>{t('imports.allIssues')}</Typography.Text>
                <Button size="small" onClick={() => void report()}>
                  {t('imports.report')}
                </Button>
              </Space>
              <Table<ImportIssue>
                rowKey={(r, i) => `${r.row}-${r.code}-${i}`}
                size="small"
                data-testid="import-report"
                dataSource={preview.issues}
                pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
                columns={[
                  { title: t('imports.row'), dataIndex: 'row', width: 70 },
                  {
                    title: t('imports.level'),
                    dataIndex: 'level',
                    width: 70,
                    render: (l: string) => <Typography.Text type={l === 'error' ? 'danger' : 'warning'}>{t(`imports.${l}`)}</Typography.Text>,
                  },
                  { title: t('imports.field'), dataIndex: 'field', width: 150, render: (f: string) => t(`imports.fields.${kind}.${f}`, { defaultValue: f }) },
                  { title: t('imports.kind'), render: (_: unknown, i) => issueText(t, kind, i) },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Modal>
  );
}

function Summary({ kind, summary }: { kind: ImportKind; summary: ImportSummary[] }) {
  const { t } = useTranslation();
  return (
    <Table<ImportSummary>
      rowKey={(g) => `${g.level}-${g.code}-${g.field}`}
      size="small"
      data-testid="import-summary"
      title={() => <Typography.Text strong>{t('imports.summary')}</Typography.Text>}
      pagination={false}
      dataSource={summary}
      columns={[
        {
          title: t('imports.level'),
          dataIndex: 'level',
          width: 64,
          render: (l: string) => <Tag color={l === 'error' ? 'red' : 'orange'}>{t(`imports.${l}`)}</Tag>,
        },
        {
          title: t('imports.kind'),
          render: (_: unknown, g) => (
            <>
              <b>{t(g.count === 1 ? 'imports.rowCount' : 'imports.rowsCount', { n: g.count })}</b>
              {t('imports.labelEnd')}
              {issueText(t, kind, {
                code: g.code,
                field: g.field,
                params: {
                  first: '…',
                  expected: '…',
                  max: '…',
                  message: '…',
                  ...g.params,
                  value: g.params.examples ?? '',
                  fields: g.params.fields ?? g.params.examples ?? '',
                },
              })}
              <div style={{ fontSize: 12, color: '#888' }}>
                {t(g.rows.length > 1 ? 'imports.firstRows' : 'imports.firstRow', { rows: listText(g.rows.map(String)) })}
              </div>
            </>
          ),
        },
        { title: t('imports.fix'), width: 320, render: (_: unknown, g) => t(`imports.fixes.${g.code}`, { defaultValue: '' }) },
      ]}
    />
  );
}

function JobState({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.state === 'running') {
    const pct = job.total ? Math.floor((job.done / job.total) * 100) : 0;
    return (
      <div data-testid="import-progress" style={{ margin: '12px 0' }}>
        <Progress percent={pct} status="active" />
        <Typography.Text type="secondary">
          {job.phase === 'waiting' ? t('imports.waiting') : t('imports.writing', { done: groupDigits(job.done), total: groupDigits(job.total) })}
        </Typography.Text>
      </div>
    );
  }
  if (job.state === 'cancelled') return <Alert type="info" showIcon title={t('imports.cancelled')} />;
  if (job.state === 'failed')
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('imports.failed', {
          message: job.error ? errorText(t, new RpcFailure(job.error.code as ErrorCode, job.error.message, job.error.details)) : '',
        })}
      />
    );
  const r = job.result!;
  return (
    <Alert
      type="success"
      showIcon
      data-testid="import-done"
      title={r.created + r.updated === 0 ? t('imports.nothing') : t('imports.done', r)}
      description={r.zonesCreated + r.gridsCreated > 0 ? t('imports.createdRefs', { zones: r.zonesCreated, grids: r.gridsCreated }) : undefined}
    />
  );
}
