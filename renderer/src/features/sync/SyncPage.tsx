import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../../../shared/contract/sync';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { fileToBase64 } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { HubEnrolFields } from './HubEnrolFields';
import { useSyncStatus } from './useSyncStatus';
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
      qc.setQueryData(['sync.status', {}], r);
      if (r.state === 'idle') void message.success(t('sync.synced'));
      else if (r.error) void message.error(r.error);
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
              <Button type="primary" loading={busy || s.state === 'syncing'} onClick={() => void syncNow()}>{t('sync.now')}</Button>
            </Space>
          )
        }
      >
        {s && (
          <>
            {s.error && <Alert type={s.state === 'offline' ? 'warning' : 'error'} showIcon title={s.error} style={{ marginBottom: 12 }} role="alert" />}
            {s.progress && <Progress percent={Math.round((s.progress.done / Math.max(1, s.progress.total)) * 100)} format={() => t('sync.progress', s.progress!)} style={{ marginBottom: 12 }} />}
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('sync.status')}>
                <Tag color={s.state === 'idle' ? 'green' : s.state === 'syncing' ? 'blue' : s.state === 'unconfigured' ? 'default' : 'orange'} data-testid="sync-state">{t(`sync.states.${s.state}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('sync.lastSuccess')}>{s.lastSuccess ? new Date(s.lastSuccess).toLocaleString() : t('sync.never')}</Descriptions.Item>
              <Descriptions.Item label={t('sync.pending')}><span data-testid="sync-pending">{s.pending}</span></Descriptions.Item>
              <Descriptions.Item label={t('sync.conflicts')}>{s.conflicts}</Descriptions.Item>
              <Descriptions.Item label={t('sync.hub')}>{s.hubUrl ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sync.skew')}>{s.skewMs === null ? '—' : t('sync.seconds', { n: Math.round(s.skewMs / 1000) })}</Descriptions.Item>
              <Descriptions.Item label={t('sync.device')}>{s.deviceId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sync.sensitivity')}>{s.sensitivity ? t(`sync.classes.${s.sensitivity}`) : '—'}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      {can('sync.resolve') && <ConflictReview />}
      {can('sync.manage') && (
        <Card title={s?.configured ? t('sync.reenroll') : t('sync.enrollTitle')}>
          <Form form={form} layout="vertical" name="enroll" style={{ maxWidth: 560 }} initialValues={{ deviceName: navigator.userAgent.includes('Windows') ? 'Windows PC' : 'Branch Desk' }}>
            <HubEnrolFields />
            <Button type="primary" loading={busy} onClick={() => void enroll()}>{t('sync.enroll')}</Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function show(v: unknown) {
  return v === null || v === undefined || v === '' ? i18n.t('sync.emptyValue') : String(v);
}

function ConflictReview() {
  const { t } = useTranslation();
  const list = useRpc('sync.conflicts', {});
  const resolve = useRpcMutation('sync.resolve', { success: t('sync.resolved'), onSuccess: () => void list.refetch() });
  const [merging, setMerging] = useState<ConflictView | null>(null);
  const [merged, setMerged] = useState('');
  const rows = list.data ?? [];
  const side = (c: ConflictView['current']) => (
    <div>
      <Typography.Text strong>{show(c.value)}</Typography.Text>
      <div style={{ fontSize: 12, color: '#888' }}>{t('sync.by', { device: c.device.slice(0, 8), at: c.at ? new Date(c.at).toLocaleString() : '' })}</div>
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
          { title: t('sync.record'), render: (_: unknown, c) => `${t(`sync.tables.${c.table}`, { defaultValue: c.table })}：${c.rowLabel}` },
          { title: t('sync.column'), dataIndex: 'column', width: 90, render: (col: string) => t(`sync.columns.${col}`, { defaultValue: col }) },
          { title: t('sync.currentValue'), render: (_: unknown, c) => side(c.current) },
          { title: t('sync.incomingValue'), render: (_: unknown, c) => side(c.incoming) },
          {
            title: t('common.actions'),
            width: 260,
            render: (_: unknown, c) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => resolve.mutate({ conflictId: c.id, choice: 'current' })}>{t('sync.keepCurrent')}</Button>
                <Button size="small" type="link" onClick={() => resolve.mutate({ conflictId: c.id, choice: 'incoming' })}>{t('sync.takeIncoming')}</Button>
                <Button size="small" type="link" onClick={() => (setMerging(c), setMerged(`${show(c.current.value)}`))}>{t('sync.merge')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!merging} title={t('sync.mergeTitle')} onCancel={() => setMerging(null)} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => (resolve.mutate({ conflictId: merging!.id, choice: 'merged', merged }), setMerging(null))}>
        <Input value={merged} onChange={(e) => setMerged(e.target.value)} aria-label={t('sync.mergeTitle')} />
      </Modal>
    </Card>
  );
}
