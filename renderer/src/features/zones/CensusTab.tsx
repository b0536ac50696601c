import { Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CensusCount, Unlicensed } from '../../../../shared/contract/zones';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { CoreExportButton } from '../../lib/CoreExportButton';
import { rpc } from '../../api/client';
import { ImportDialog } from '../imports/ImportDialog';

const STATUSES = ['unlicensed', 'licensed', 'banned', 'exempt'] as const;

/** Grouped bars: previous and current count per zone. */
function CountChart({ rows }: { rows: CensusCount[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.flatMap((r) => [r.current, r.previous ?? 0]));
  const bar = 14;
  const h = rows.length * (bar * 2 + 10) + 20;
  return (
    <svg width="100%" height={h} viewBox={`0 0 640 ${h}`} role="img" aria-label={t('zones.counts')}>
      {rows.map((r, i) => {
        const y = 10 + i * (bar * 2 + 10);
        const w = (n: number) => (n / max) * 420;
        return (
          <g key={r.key}>
            <text x={150} y={y + bar + 2} textAnchor="end" fontSize="12">
              {r.label}
            </text>
            {r.previous !== null && <rect x={160} y={y} width={w(r.previous)} height={bar} fill="#bfbfbf" />}
            <rect x={160} y={y + bar} width={w(r.current)} height={bar} fill="#1f5fa8" />
            <text x={166 + w(Math.max(r.current, r.previous ?? 0))} y={y + bar + 10} fontSize="12">
              {r.current}
              {r.change !== null ? t('zones.changeSince', { change: `${r.change > 0 ? '+' : ''}${r.change}` }) : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function CensusTab({ officeId }: { officeId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = useRpc('census.list', { officeId });
  const [picked, setPicked] = useState<string>();
  const censusId = picked ?? list.data?.[0]?.id;
  const entries = useRpc('census.entries', { censusId: censusId! }, { enabled: !!censusId });
  const counts = useRpc('census.counts', { censusId: censusId! }, { enabled: !!censusId });
  const zones = useRpc('zones.list', { officeId });
  const grids = useRpc('grids.list', { officeId });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unlicensed | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const manage = can('zones.manage');
  const countRows = counts.data?.rows ?? [];
  const zoneRows = countRows.filter((r) => r.kind === 'zone');

  return (
    <>
      <div className="page-toolbar">
        <Select
          style={{ width: 300 }}
          aria-label={t('zones.census')}
          value={censusId}
          onChange={setPicked}
          options={(list.data ?? []).map((c) => ({ value: c.id, label: t('zones.censusOption', { date: c.censusDate, name: c.name, n: c.total }) }))}
        />
        {manage && <Button onClick={() => setCreating(true)}>{t('zones.newCensus')}</Button>}
        {manage && censusId && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('zones.newEntry')}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton<CensusCount>
          filename={t('zones.counts')}
          rows={countRows}
          columns={[
            { header: t('zones.kind'), value: (r) => (r.kind === 'zone' ? t('zones.byZone') : t('zones.byGrid')) },
            { header: t('zones.name'), value: (r) => r.label, width: 24 },
            { header: t('zones.current'), value: (r) => r.current },
            { header: t('zones.previous'), value: (r) => r.previous },
            { header: t('zones.change'), value: (r) => r.change },
          ]}
        />
      </div>
      <Space align="start" style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
        <Card size="small" title={t('zones.counts')}>
          <Table<CensusCount>
            rowKey={(r) => `${r.kind}-${r.key}`}
            size="small"
            pagination={false}
            dataSource={countRows}
            columns={[
              {
                title: t('zones.kind'),
                dataIndex: 'kind',
                width: 70,
                render: (k: string) => <Tag>{k === 'zone' ? t('zones.byZone') : t('zones.byGrid')}</Tag>,
              },
              { title: t('zones.name'), dataIndex: 'label' },
              { title: t('zones.current'), dataIndex: 'current', align: 'right', width: 70 },
              { title: t('zones.previous'), dataIndex: 'previous', align: 'right', width: 70, render: (v: number | null) => v ?? '—' },
              {
                title: t('zones.change'),
                dataIndex: 'change',
                align: 'right',
                width: 70,
                render: (v: number | null) =>
                  v === null ? '—' : <span style={{ color: v > 0 ? '#d4380d' : v < 0 ? '#389e0d' : undefined }}>{v > 0 ? `+${v}` : v}</span>,
              },
            ]}
          />
        </Card>
        <Card size="small" title={`${t('zones.byZone')} · ${t('zones.previous')} / ${t('zones.current')}`}>
          <CountChart rows={zoneRows} />
        </Card>
      </Space>
      <Card
        size="small"
        title={t('zones.entries')}
        style={{ marginTop: 12 }}
        extra={
          <Space>
            {manage && censusId && <Button onClick={() => setImporting(true)}>{t('zones.import')}</Button>}
            {censusId && (
              <CoreExportButton filename={`${t('zones.entries')}.xlsx`} disabled={!entries.data?.length} run={() => rpc('census.export', { censusId })} />
            )}
          </Space>
        }
      >
        <Table<Unlicensed>
          rowKey="id"
          size="small"
          loading={entries.isLoading}
          dataSource={entries.data ?? []}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          columns={[
            { title: t('zones.name'), dataIndex: 'name' },
            { title: t('zones.address'), dataIndex: 'address' },
            { title: t('zones.operator'), dataIndex: 'operator', width: 80 },
            { title: t('zones.category'), dataIndex: 'category', width: 90 },
            { title: t('zones.zone'), dataIndex: 'zoneName', width: 130 },
            { title: t('zones.grid'), dataIndex: 'gridName', width: 110 },
            {
              title: t('zones.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string, e) => (
                <Tag color={s === 'unlicensed' ? 'red' : s === 'exempt' ? 'blue' : 'green'} title={e.exemptReason ?? undefined}>
                  {t(`zones.unlicensedStatuses.${s}`)}
                </Tag>
              ),
            },
            ...(manage
              ? [
                  {
                    title: t('common.actions'),
                    width: 70,
                    render: (_: unknown, e: Unlicensed) => (
                      <Button size="small" type="link" onClick={() => setEditing(e)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {importing && censusId && <ImportDialog target={{ kind: 'census', censusId }} title={t('zones.importTitleCensus')} onClose={() => setImporting(false)} />}
      {creating && <NewCensus officeId={officeId} previous={list.data?.[0]?.id} onClose={(id) => (setCreating(false), id && setPicked(id))} />}
      {editing && censusId && (
        <EntryForm
          entry={editing}
          censusId={censusId}
          zones={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))}
          grids={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function NewCensus({ officeId, previous, onClose }: { officeId: string; previous?: string; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const create = useRpcMutation('census.create', { success: t('common.saved'), onSuccess: (c) => onClose(c.id) });
  async function submit() {
    const v = await form.validateFields();
    create.mutate({
      officeId,
      name: v.name,
      censusDate: v.censusDate.format('YYYY-MM-DD'),
      notes: v.notes || null,
      copyFrom: v.copy && previous ? previous : undefined,
    });
  }
  return (
    <Modal
      open
      title={t('zones.newCensus')}
      onCancel={() => onClose()}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
    >
      <Form form={form} layout="vertical" name="census" initialValues={{ copy: !!previous }}>
        <Form.Item name="name" label={t('zones.censusName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input autoFocus maxLength={60} />
        </Form.Item>
        <Form.Item name="censusDate" label={t('zones.censusDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="notes" label={t('zones.notes')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        {previous && (
          <Form.Item name="copy" valuePropName="checked">
            <Checkbox>{t('zones.copyFrom')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function EntryForm({
  entry,
  censusId,
  zones,
  grids,
  onClose,
}: {
  entry: Unlicensed | 'new';
  censusId: string;
  zones: { value: string; label: string }[];
  grids: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const status = Form.useWatch('status', form);
  const add = useRpcMutation('census.addEntry', { success: t('common.saved'), onSuccess: onClose });
  const update = useRpcMutation('census.updateEntry', { success: t('common.saved'), onSuccess: onClose });
  async function submit() {
    const v = await form.validateFields();
    const input = {
      censusId,
      zoneId: v.zoneId ?? null,
      gridId: v.gridId ?? null,
      name: v.name,
      address: v.address || null,
      operator: v.operator || null,
      category: v.category || null,
      status: v.status,
      exemptReason: v.exemptReason || null,
      note: v.note || null,
    };
    if (entry === 'new') add.mutate(input);
    else update.mutate({ id: entry.id, ...input });
  }
  return (
    <Modal
      open
      title={entry === 'new' ? t('zones.newEntry') : t('zones.editEntry')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending || update.isPending}
    >
      <Form form={form} layout="vertical" name="entry" initialValues={entry === 'new' ? { status: 'unlicensed' } : entry}>
        <Form.Item name="name" label={t('zones.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input autoFocus maxLength={120} />
        </Form.Item>
        <Form.Item name="address" label={t('zones.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="operator" label={t('zones.operator')} style={{ width: '50%' }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="category" label={t('zones.category')} style={{ width: '50%' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="zoneId" label={t('zones.zone')} style={{ width: '50%' }}>
            <Select allowClear options={zones} />
          </Form.Item>
          <Form.Item name="gridId" label={t('zones.grid')} style={{ width: '50%' }}>
            <Select allowClear options={grids} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="status" label={t('zones.status')}>
          <Select options={STATUSES.map((s) => ({ value: s, label: t(`zones.unlicensedStatuses.${s}`) }))} />
        </Form.Item>
        {status === 'exempt' && (
          <Form.Item name="exemptReason" label={t('zones.exemptReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
