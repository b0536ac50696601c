import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../lib/clock';
import type { ConflictView, QuarantineView, RejectedView } from '../../../../shared/contract/sync';
import { BASE_COLUMNS } from '../../../../shared/sync/manifest';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { ExportButton } from '../../lib/ExportButton';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { fileToBase64 } from '../../lib/download';
import { errorText, syncErrorText } from '../../lib/errors';
import { listText } from '../../lib/format';
import { HubEnrolFields } from './HubEnrolFields';
import { keepSyncStatus, useSyncStatus } from './useSyncStatus';
import i18n from '../../i18n';

const isLoopback = (u: string) => {
  try {
    const h = new URL(u).hostname;
    return h === 'localhost' || h.startsWith('127.') || h === '[::1]';
  } catch {
    return false;
  }
};

export default function SyncPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const s = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const [form] = Form.useForm();

  async function syncNow() {
    setBusy(true);
    try {
      const r = await rpc('sync.now', {});
      // The result is the final state of the run; a status event may have been missed while the link was down.
      keepSyncStatus(qc, r);
      // A toast of an earlier failure would contradict the new state: it goes first.
      message.destroy();
      if (r.state === 'idle') void message.success(t('sync.synced'));
      else if (r.error) void message.error(syncErrorText(t, r));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function importSnapshot(file: File) {
    setBusy(true);
    try {
      const r = await rpc('sync.importSnapshot', { fileBase64: await fileToBase64(file) });
      void message.success(t('sync.snapshotDone', { n: r.rows }));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function enroll() {
    const v = await form.validateFields();
    const insecure = v.hubUrl.startsWith('http://') && !isLoopback(v.hubUrl);
    if (insecure && !v.allowInsecure) {
      form.setFields([{ name: 'hubUrl', errors: [t('sync.allowInsecure')] }]);
      return;
    }
    const go = async () => {
      setBusy(true);
      try {
        await rpc('sync.enroll', { hubUrl: v.hubUrl, code: v.code, deviceName: v.deviceName, allowInsecure: !!v.allowInsecure });
        message.destroy();
        void message.success(t('sync.enrolled'));
        form.resetFields(['code']);
      } catch (e) {
        void message.error(errorText(t, e));
      } finally {
        setBusy(false);
      }
    };
    if (insecure) modal.confirm({ title: t('sync.insecureTitle'), content: t('sync.insecureBody'), okButtonProps: { danger: true }, onOk: go });
    else await go();
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={t('sync.status')}
        extra={
          s?.configured && (
            <Space>
              {can('sync.manage') && (
                <Upload accept=".gz" showUploadList={false} beforeUpload={(f) => (void importSnapshot(f), false)}>
                  <Button loading={busy}>{t('sync.snapshot')}</Button>
                </Upload>
              )}
              <Button type="primary" loading={busy || s.state === 'syncing'} onClick={() => void syncNow()}>
                {t('sync.now')}
              </Button>
            </Space>
          )
        }
      >
        {s && (
          <>
            {s.error && (
              <Alert
                type={s.state === 'offline' ? 'warning' : 'error'}
                showIcon
                title={syncErrorText(t, s)}
                style={{ marginBottom: 12 }}
                role="alert"
                data-testid="sync-error"
              />
            )}
            {s.progress && (
              <Progress
                percent={Math.round((s.progress.done / Math.max(1, s.progress.total)) * 100)}
                format={() => t('sync.progress', s.progress!)}
                style={{ marginBottom: 12 }}
              />
            )}
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('sync.status')}>
                <Tag
                  color={s.state === 'idle' ? 'green' : s.state === 'syncing' ? 'blue' : s.state === 'unconfigured' ? 'default' : 'orange'}
                  data-testid="sync-state"
                >
                  {t(`sync.states.${s.state}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('sync.lastSuccess')}>{s.lastSuccess ? formatInstant(s.lastSuccess) : t('sync.never')}</Descriptions.Item>
              <Descriptions.Item label={t('sync.pending')}>
                <span data-testid="sync-pending">{s.pending}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sync.conflicts')}>{s.conflicts}</Descriptions.Item>
              <Descriptions.Item label={t('sync.hub')}>{s.hubUrl ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sync.skew')}>{s.skewMs === null ? '—' : t('sync.seconds', { n: Math.round(s.skewMs / 1000) })}</Descriptions.Item>
              <Descriptions.Item label={t('sync.device')}>{s.deviceId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sync.sensitivity')}>{s.sensitivity ? t(`sync.classes.${s.sensitivity}`) : '—'}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      {s?.configured && <RejectedList />}
      {can('sync.manage') && s?.configured && <Quarantine />}
      {can('sync.resolve') && <ConflictReview />}
      {can('sync.manage') && (
        <Card title={s?.configured ? t('sync.reenroll') : t('sync.enrollTitle')}>
          <Form
            form={form}
            layout="vertical"
            name="enroll"
            style={{ maxWidth: 560 }}
            initialValues={{ deviceName: navigator.userAgent.includes('Windows') ? 'Windows PC' : 'Branch Desk' }}
          >
            <HubEnrolFields />
            <Button type="primary" loading={busy} onClick={() => void enroll()}>
              {t('sync.enroll')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

const tableName = (table: string) => i18n.t(`sync.tables.${table}`, { defaultValue: table });
const columnName = (col: string) => i18n.t(`sync.columns.${col}`, { defaultValue: col });
/** A refusal in the user's words: the hub sends a code and, for some, the column it concerns. */
export const reasonText = (reason: string, detail: string | null) =>
  i18n.t(`sync.reasons.${reason}`, { defaultValue: reason, column: detail ? columnName(detail) : '' });
/** Cells as 字段：值 pairs; offices by name. A new row's empty cells are left out. */
const cellsText = (table: string, cells: Record<string, unknown>, offices: Map<string, string>) =>
  Object.entries(cells)
    .filter(([c, v]) => (!(BASE_COLUMNS as readonly string[]).includes(c) || c === 'office_id' || c === 'deleted_at') && v !== null && v !== '')
    .map(([c, v]) =>
      i18n.t('sync.cell', {
        column: columnName(c),
        value:
          c === 'office_id' || c === 'parent_id' ? (offices.get(String(v)) ?? show(v)) : c === 'deleted_at' ? i18n.t('common.yes') : valueText(table, c, v),
      }),
    )
    .join(i18n.t('sync.cellSep'));
/** Yes/no columns of the synced tables (shared/sync/rows.ts). */
const BOOL_COLUMNS = new Set(['active', 'completed', 'credit_check_failed', 'food', 'full_time', 'reward', 'sgf']);
/** Coded values a clerk reads in words, from the dictionaries the list screens use. */
const VALUE_DICTIONARIES: Record<string, string> = { 'cadre.status': 'cadres.statuses', 'cadre.gender': 'cadres', 'business.status': 'zones.bizStatuses' };
function valueText(table: string, column: string, v: unknown): string {
  if (BOOL_COLUMNS.has(column) && (v === 0 || v === 1 || typeof v === 'boolean')) return i18n.t(v ? 'common.yes' : 'common.no');
  const dict = VALUE_DICTIONARIES[`${table}.${column}`];
  if (dict && i18n.exists(`${dict}.${String(v)}`)) return i18n.t(`${dict}.${String(v)}`);
  return show(v);
}
function useOfficeNames() {
  const offices = useRpc('offices.list', {});
  return new Map((offices.data ?? []).map((o) => [o.id, o.name]));
}

/** 未能同步: edits the hub refused. The local rows are back to the hub's version; the edits wait here. */
function RejectedList() {
  const { t } = useTranslation();
  const list = useRpc('sync.rejected', {});
  const retry = useRpcMutation('sync.retryRejected', { success: t('sync.rejectedRetried') });
  const discard = useRpcMutation('sync.discardRejected', { success: t('sync.rejectedDiscarded') });
  const offices = useOfficeNames();
  const changes = (r: RejectedView) => cellsText(r.table, r.columns, offices);
  const rows = list.data ?? [];
  if (!rows.length && !list.isLoading) return null;
  return (
    <Card
      title={
        <span data-testid="rejected-title">
          {t('sync.rejectedTitle')} <Tag color="orange">{rows.length}</Tag>
        </span>
      }
      extra={
        <ExportButton<RejectedView>
          filename={t('sync.rejectedTitle')}
          rows={rows}
          columns={[
            { header: t('sync.record'), value: (r) => t('sync.recordOf', { table: tableName(r.table), row: r.rowLabel }), width: 30 },
            { header: t('sync.changes'), value: changes, width: 50 },
            { header: t('sync.reason'), value: (r) => reasonText(r.reason, r.detail), width: 40 },
            { header: t('sync.refusedAt'), value: (r) => formatInstant(r.at), width: 18 },
          ]}
        />
      }
    >
      <Alert type="warning" showIcon title={t('sync.rejectedIntro')} style={{ marginBottom: 12 }} />
      <Table<RejectedView>
        rowKey="opId"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        columns={[
          { title: t('sync.record'), width: 160, render: (_: unknown, r) => t('sync.recordOf', { table: tableName(r.table), row: r.rowLabel }) },
          { title: t('sync.changes'), render: (_: unknown, r) => <Typography.Text style={{ fontSize: 12 }}>{changes(r)}</Typography.Text> },
          { title: t('sync.reason'), width: 260, render: (_: unknown, r) => <Typography.Text type="danger">{reasonText(r.reason, r.detail)}</Typography.Text> },
          { title: t('sync.refusedAt'), width: 150, render: (_: unknown, r) => formatInstant(r.at) },
          {
            title: t('common.actions'),
            width: 170,
            render: (_: unknown, r) => (
              <Space size={0}>
                <Button size="small" type="link" loading={retry.isPending} onClick={() => retry.mutate({ opId: r.opId })}>
                  {t('sync.retry')}
                </Button>
                <ConfirmButton
                  label={t('sync.discard')}
                  title={t('sync.discardTitle')}
                  content={t('sync.discardBody')}
                  onConfirm={() => discard.mutateAsync({ opId: r.opId })}
                />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Rows from the hub that failed validation and were not applied: for the administrator. */
function Quarantine() {
  const { t } = useTranslation();
  const list = useRpc('sync.quarantine', {});
  const drop = useRpcMutation('sync.dropQuarantined', { success: t('sync.quarantineDropped') });
  const offices = useOfficeNames();
  const rows = list.data ?? [];
  if (!rows.length && !list.isLoading) return null;
  // The device that wrote the failing cell, else every device that wrote the row.
  const origin = (q: QuarantineView) => {
    const of = q.origin.filter((o) => o.column === q.detail);
    const names = [...new Set((of.length ? of : q.origin).map((o) => o.deviceName || o.deviceId.slice(0, 8)))];
    return names.length ? listText(names) : t('sync.originUnknown');
  };
  return (
    <Card
      title={
        <span data-testid="quarantine-title">
          {t('sync.quarantineTitle')} <Tag color="red">{rows.length}</Tag>
        </span>
      }
      extra={
        <ExportButton<QuarantineView>
          filename={t('sync.quarantineTitle')}
          rows={rows}
          columns={[
            { header: t('sync.record'), value: (q) => `${tableName(q.table)} ${q.rowId}`, width: 40 },
            { header: t('sync.preview'), value: (q) => cellsText(q.table, q.cells, offices), width: 50 },
            { header: t('sync.problem'), value: (q) => reasonText('invalid', q.detail), width: 30 },
            { header: t('sync.origin'), value: origin, width: 20 },
            { header: t('sync.receivedAt'), value: (q) => formatInstant(q.at), width: 18 },
          ]}
        />
      }
    >
      <Alert type="error" showIcon title={t('sync.quarantineIntro')} style={{ marginBottom: 12 }} />
      <Table<QuarantineView>
        rowKey="seq"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        columns={[
          {
            title: t('sync.record'),
            render: (_: unknown, q) => (
              <span>
                {tableName(q.table)}
                <div style={{ fontSize: 12, color: '#888' }}>{q.rowId}</div>
              </span>
            ),
          },
          {
            title: t('sync.preview'),
            render: (_: unknown, q) => <Typography.Text style={{ fontSize: 12 }}>{cellsText(q.table, q.cells, offices)}</Typography.Text>,
          },
          {
            title: t('sync.problem'),
            width: 200,
            render: (_: unknown, q) => <Typography.Text type="danger">{reasonText('invalid', q.detail)}</Typography.Text>,
          },
          { title: t('sync.origin'), width: 140, render: (_: unknown, q) => <span data-testid="quarantine-origin">{origin(q)}</span> },
          { title: t('sync.receivedAt'), width: 150, render: (_: unknown, q) => formatInstant(q.at) },
          {
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, q) => (
              <ConfirmButton title={t('sync.quarantineDropTitle')} content={t('sync.quarantineDropBody')} onConfirm={() => drop.mutateAsync({ seq: q.seq })} />
            ),
          },
        ]}
      />
    </Card>
  );
}

function show(v: unknown) {
  return v === null || v === undefined || v === '' ? i18n.t('sync.emptyValue') : String(v);
}

function ConflictReview() {
  const { t } = useTranslation();
  const list = useRpc('sync.conflicts', {});
  const resolve = useRpcMutation('sync.resolve', { success: t('sync.resolved') });
  const [merging, setMerging] = useState<ConflictView | null>(null);
  const [merged, setMerged] = useState('');
  const rows = list.data ?? [];
  const side = (c: ConflictView['current']) => (
    <div>
      <Typography.Text strong>{show(c.value)}</Typography.Text>
      <div style={{ fontSize: 12, color: '#888' }}>{t('sync.by', { device: c.device.slice(0, 8), at: formatInstant(c.at) })}</div>
    </div>
  );
  return (
    <Card title={t('sync.conflictTitle')}>
      <Alert type="info" showIcon title={t('sync.conflictIntro')} style={{ marginBottom: 12 }} />
      <Table<ConflictView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('sync.noConflicts') }}
        columns={[
          {
            title: t('sync.record'),
            render: (_: unknown, c) => t('sync.recordOf', { table: t(`sync.tables.${c.table}`, { defaultValue: c.table }), row: c.rowLabel }),
          },
          { title: t('sync.column'), dataIndex: 'column', width: 90, render: (col: string) => t(`sync.columns.${col}`, { defaultValue: col }) },
          { title: t('sync.currentValue'), render: (_: unknown, c) => side(c.current) },
          { title: t('sync.incomingValue'), render: (_: unknown, c) => side(c.incoming) },
          {
            title: t('common.actions'),
            width: 260,
            render: (_: unknown, c) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => resolve.mutate({ conflictId: c.id, choice: 'current' })}>
                  {t('sync.keepCurrent')}
                </Button>
                <Button size="small" type="link" onClick={() => resolve.mutate({ conflictId: c.id, choice: 'incoming' })}>
                  {t('sync.takeIncoming')}
                </Button>
                <Button size="small" type="link" onClick={() => (setMerging(c), setMerged(`${show(c.current.value)}`))}>
                  {t('sync.merge')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!merging}
        title={t('sync.mergeTitle')}
        onCancel={() => setMerging(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => (resolve.mutate({ conflictId: merging!.id, choice: 'merged', merged }), setMerging(null))}
      >
        <Input value={merged} onChange={(e) => setMerged(e.target.value)} aria-label={t('sync.mergeTitle')} />
      </Modal>
    </Card>
  );
}
