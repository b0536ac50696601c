import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Business, ImportPreview } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { downloadBase64, fileToBase64 } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { VirtualBusinessList } from './VirtualBusinessList';

export function BusinessesTab({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [q, setQ] = useState('');
  const [zoneId, setZoneId] = useState<string>();
  const [gridId, setGridId] = useState<string>();
  const [status, setStatus] = useState<Business['status']>();
  const [food, setFood] = useState<boolean>();
  const zones = useRpc('zones.list', { officeId });
  const grids = useRpc('grids.list', { officeId });
  const filter = { officeId, q: q || undefined, zoneId, gridId, status, food };
  const head = useRpc('businesses.search', { ...filter, offset: 0, limit: 100 });
  const [editing, setEditing] = useState<Business | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  async function exportAll() {
    setExporting(true);
    try {
      const r = await rpc('businesses.export', filter);
      downloadBase64(`${t('zones.businesses')}.xlsx`, r.fileBase64);
      void message.success(t('common.exported', { n: r.rows }));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setExporting(false);
    }
  }

  const total = head.data?.total ?? 0;
  return (
    <>
      <div className="page-toolbar">
        <Input.Search allowClear placeholder={t('zones.searchPlaceholder')} style={{ width: 320 }} onSearch={setQ} aria-label={t('common.search')} />
        <Select allowClear placeholder={t('zones.zone')} style={{ width: 160 }} value={zoneId} onChange={setZoneId} options={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))} aria-label={t('zones.zone')} />
        <Select allowClear placeholder={t('zones.grid')} style={{ width: 140 }} value={gridId} onChange={setGridId} options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))} aria-label={t('zones.grid')} />
        <Select allowClear placeholder={t('zones.bizStatus')} style={{ width: 110 }} value={status} onChange={setStatus} options={(['active', 'suspended', 'revoked', 'cancelled'] as const).map((s) => ({ value: s, label: t(`zones.bizStatuses.${s}`) }))} />
        <Select allowClear placeholder={t('zones.food')} style={{ width: 110 }} value={food} onChange={setFood} options={[{ value: true, label: `${t('zones.food')}：${t('zones.yes')}` }, { value: false, label: `${t('zones.food')}：${t('zones.no')}` }]} />
        <span className="spacer" />
        {can('businesses.edit') && officeId && <Button onClick={() => setEditing('new')}>{t('zones.newBusiness')}</Button>}
        {can('businesses.import') && <Button type="primary" onClick={() => setImporting(true)}>{t('zones.import')}</Button>}
        <Button onClick={async () => downloadBase64('市场主体导入模板.xlsx', (await rpc('businesses.template', {})).fileBase64)}>{t('zones.template')}</Button>
        <Button loading={exporting} onClick={() => void exportAll()} disabled={!total}>{t('common.export')}</Button>
      </div>
      <Typography.Text type="secondary" data-testid="business-total">
        {head.data?.capped ? t('zones.totalCapped', { n: total }) : t('common.total', { n: total })}
      </Typography.Text>
      <VirtualBusinessList filter={filter} total={total} onOpen={(b) => can('businesses.edit') && setEditing(b)} />
      {editing && <BusinessForm business={editing} officeId={officeId ?? (editing !== 'new' ? editing.officeId : '')} onClose={() => setEditing(null)} />}
      {importing && <ImportModal officeId={officeId} onClose={() => setImporting(false)} />}
    </>
  );
}

function BusinessForm({ business, officeId, onClose }: { business: Business | 'new'; officeId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const zones = useRpc('zones.list', { officeId });
  const grids = useRpc('grids.list', { officeId });
  const done = (r: { warnings: string[] }) => {
    for (const w of r.warnings) void message.warning(w);
    onClose();
  };
  const create = useRpcMutation('businesses.create', { success: t('common.saved'), onSuccess: done });
  const update = useRpcMutation('businesses.update', { success: t('common.saved'), onSuccess: done });
  async function submit() {
    const v = await form.validateFields();
    const input = { officeId, creditCode: v.creditCode || null, regNo: v.regNo || null, name: v.name, type: v.type || null, address: v.address || null, legalRep: v.legalRep || null, phone: v.phone || null, food: !!v.food, riskLevel: v.riskLevel, status: v.status, zoneId: v.zoneId ?? null, gridId: v.gridId ?? null };
    if (business === 'new') create.mutate(input);
    else update.mutate({ id: business.id, ...input });
  }
  return (
    <Modal open width={640} title={business === 'new' ? t('zones.newBusiness') : t('zones.editBusiness')} onCancel={onClose} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending || update.isPending}>
      <Form form={form} layout="vertical" name="business" initialValues={business === 'new' ? { riskLevel: 'low', status: 'active', food: false } : business}>
        <Space.Compact block>
          <Form.Item name="creditCode" label={t('zones.creditCode')} style={{ width: '55%' }}><Input maxLength={40} autoFocus /></Form.Item>
          <Form.Item name="regNo" label={t('zones.regNo')} style={{ width: '45%' }}><Input maxLength={40} /></Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('zones.bizName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}><Input maxLength={120} /></Form.Item>
        <Space.Compact block>
          <Form.Item name="type" label={t('zones.type')} style={{ width: '40%' }}><Input maxLength={40} /></Form.Item>
          <Form.Item name="legalRep" label={t('zones.legalRep')} style={{ width: '30%' }}><Input maxLength={40} /></Form.Item>
          <Form.Item name="phone" label={t('zones.phone')} style={{ width: '30%' }}><Input maxLength={40} /></Form.Item>
        </Space.Compact>
        <Form.Item name="address" label={t('zones.address')}><Input maxLength={200} /></Form.Item>
        <Space.Compact block>
          <Form.Item name="zoneId" label={t('zones.zone')} style={{ width: '35%' }}><Select allowClear options={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))} /></Form.Item>
          <Form.Item name="gridId" label={t('zones.grid')} style={{ width: '25%' }}><Select allowClear options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))} /></Form.Item>
          <Form.Item name="riskLevel" label={t('zones.risk')} style={{ width: '20%' }}><Select options={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: t(`zones.riskLevels.${r}`) }))} /></Form.Item>
          <Form.Item name="status" label={t('zones.bizStatus')} style={{ width: '20%' }}><Select options={(['active', 'suspended', 'revoked', 'cancelled'] as const).map((s) => ({ value: s, label: t(`zones.bizStatuses.${s}`) }))} /></Form.Item>
        </Space.Compact>
        <Form.Item name="food" label={t('zones.food')} valuePropName="checked"><Switch /></Form.Item>
      </Form>
    </Modal>
  );
}

const FIELD_LABEL: Record<string, string> = { creditCode: 'creditCode', regNo: 'regNo', name: 'bizName', food: 'food', riskLevel: 'risk', status: 'bizStatus', zone: 'zone', grid: 'grid' };

function ImportModal({ officeId, onClose }: { officeId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const offices = useRpc('offices.list', { includeInactive: false });
  const [target, setTarget] = useState<string | undefined>(officeId);
  const [busy, setBusy] = useState<'reading' | 'writing' | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(file: File) {
    if (!target) return;
    setBusy('reading');
    setPreview(null);
    setError(null);
    try {
      setPreview(await rpc('businesses.importPreview', { officeId: target, fileName: file.name, fileBase64: await fileToBase64(file) }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(null);
    }
  }

  async function accept() {
    if (!preview) return;
    setBusy('writing');
    try {
      const r = await rpc('businesses.importCommit', { previewId: preview.previewId });
      void message.success(t('zones.importDone', r));
      onClose();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal
      open
      width={820}
      title={t('zones.importTitle')}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" disabled={!preview || preview.errorCount > 0} loading={busy === 'writing'} onClick={() => void accept()}>{t('zones.importAccept')}</Button>,
      ]}
    >
      <Space style={{ marginBottom: 12 }}>
        {t('zones.importStation')}
        <Select style={{ width: 220 }} value={target} onChange={setTarget} disabled={!!officeId} options={(offices.data ?? []).filter((o) => o.kind === 'station').map((o) => ({ value: o.id, label: o.name }))} aria-label={t('zones.importStation')} />
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (void choose(f), false)} disabled={!target}>
          <Button loading={busy === 'reading'} disabled={!target}>{t('zones.chooseFile')}</Button>
        </Upload>
      </Space>
      {busy === 'reading' && <Alert type="info" title={t('zones.reading')} />}
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {preview && (
        <>
          <Alert
            type={preview.errorCount ? 'error' : preview.warningCount ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 8 }}
            title={t('zones.importSummary', { rows: preview.rows, creates: preview.creates, updates: preview.updates, errors: preview.errorCount, warnings: preview.warningCount })}
            description={<>{t('zones.importHeader', { sheet: preview.sheet, row: preview.headerRow })}{preview.errorCount > 0 && <div>{t('zones.importHasErrors')}</div>}</>}
          />
          <Table
            rowKey={(r) => `${r.row}-${r.field}-${r.message}`}
            size="small"
            data-testid="import-report"
            dataSource={preview.issues}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            columns={[
              { title: t('zones.row'), dataIndex: 'row', width: 70 },
              { title: t('zones.level'), dataIndex: 'level', width: 70, render: (l: string) => <Typography.Text type={l === 'error' ? 'danger' : 'warning'}>{t(`zones.${l}`)}</Typography.Text> },
              { title: t('zones.field'), dataIndex: 'field', width: 130, render: (f: string) => t(`zones.${FIELD_LABEL[f] ?? f}`, { defaultValue: f }) },
              { title: t('zones.message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
