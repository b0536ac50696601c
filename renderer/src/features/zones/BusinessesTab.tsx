import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import type { Business } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { downloadBase64 } from '../../lib/download';
import { ImportDialog } from '../imports/ImportDialog';
import { errorText } from '../../lib/errors';
import { VirtualBusinessList } from './VirtualBusinessList';
import { ruleText } from './words';
import { businessEditRefusal, type EditRefusal } from '../../../../shared/domain/access';

export function BusinessesTab({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [q, setQ] = useState('');
  const [zoneId, setZoneId] = useState<string>();
  const [gridId, setGridId] = useState<string>();
  const [status, setStatus] = useState<Business['status']>();
  const [food, setFood] = useState<boolean>();
  const { me } = useAuth();
  const zones = useRpc('zones.list', { officeId });
  const grids = useRpc('grids.list', { officeId });
  const offices = useRpc('offices.list', { includeInactive: true }, { enabled: !officeId });
  const officeNames = officeId ? undefined : new Map((offices.data ?? []).map((o) => [o.id, o.name]));
  const filter = { officeId, q: q || undefined, zoneId, gridId, status, food };
  // The same rule the core applies on save: a 所员 edits only inside the zones they own.
  const owned = new Set((zones.data ?? []).filter((z) => z.owner?.cadreId && z.owner.cadreId === me?.cadreId).map((z) => z.id));
  const refusalFor = (b: Business) =>
    can('businesses.edit') && me
      ? businessEditRefusal({ role: me.role, officeId: me.officeId, cadreId: me.cadreId }, { officeId: b.officeId, zoneIds: [b.zoneId] }, owned)
      : 'noPermission';
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
        <Select
          allowClear
          placeholder={t('zones.zone')}
          style={{ width: 160 }}
          value={zoneId}
          onChange={setZoneId}
          options={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))}
          aria-label={t('zones.zone')}
        />
        <Select
          allowClear
          placeholder={t('zones.grid')}
          style={{ width: 140 }}
          value={gridId}
          onChange={setGridId}
          options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          aria-label={t('zones.grid')}
        />
        <Select
          allowClear
          placeholder={t('zones.bizStatus')}
          style={{ width: 110 }}
          value={status}
          onChange={setStatus}
          options={(['active', 'suspended', 'revoked', 'cancelled'] as const).map((s) => ({ value: s, label: t(`zones.bizStatuses.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('zones.food')}
          style={{ width: 110 }}
          value={food}
          onChange={setFood}
          options={[
            { value: true, label: t('zones.filterFood', { answer: t('zones.yes') }) },
            { value: false, label: t('zones.filterFood', { answer: t('zones.no') }) },
          ]}
        />
        <span className="spacer" />
        {can('businesses.edit') && officeId && <Button onClick={() => setEditing('new')}>{t('zones.newBusiness')}</Button>}
        {can('businesses.import') && (
          <Button type="primary" onClick={() => setImporting(true)}>
            {t('zones.import')}
          </Button>
        )}
        <Button onClick={async () => downloadBase64(t('zones.templateFile'), (await rpc('businesses.template', {})).fileBase64)}>{t('zones.template')}</Button>
        <Button loading={exporting} onClick={() => void exportAll()} disabled={!total}>
          {t('common.export')}
        </Button>
      </div>
      <Typography.Text type="secondary" data-testid="business-total">
        {head.data?.capped ? t('zones.totalCapped', { n: total }) : t('common.total', { n: total })}
      </Typography.Text>
      <VirtualBusinessList filter={filter} total={total} officeNames={officeNames} onOpen={setEditing} />
      {editing && (
        <BusinessForm
          business={editing}
          officeId={officeId ?? (editing !== 'new' ? editing.officeId : '')}
          refusal={editing === 'new' ? null : refusalFor(editing)}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <ImportModal officeId={officeId} onClose={() => setImporting(false)} />}
    </>
  );
}

/** Opens read-only, saying why, for a business the viewer may look at but not edit. */
function BusinessForm({
  business,
  officeId,
  refusal,
  onClose,
}: {
  business: Business | 'new';
  officeId: string;
  refusal: EditRefusal | 'noPermission' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const zones = useRpc('zones.list', { officeId });
  const grids = useRpc('grids.list', { officeId });
  const done = (r: { warnings: RuleOutcome[] }) => {
    for (const w of r.warnings) void message.warning(ruleText(t, w));
    onClose();
  };
  const create = useRpcMutation('businesses.create', { success: t('common.saved'), onSuccess: done });
  const update = useRpcMutation('businesses.update', { success: t('common.saved'), onSuccess: done });
  async function submit() {
    const v = await form.validateFields();
    const input = {
      officeId,
      creditCode: v.creditCode || null,
      regNo: v.regNo || null,
      name: v.name,
      type: v.type || null,
      address: v.address || null,
      legalRep: v.legalRep || null,
      phone: v.phone || null,
      food: !!v.food,
      riskLevel: v.riskLevel,
      status: v.status,
      zoneId: v.zoneId ?? null,
      gridId: v.gridId ?? null,
      // The registry's wording stays while the status does; foundedOn is a plain day.
      statusText: business !== 'new' && v.status === business.status ? business.statusText : null,
      foundedOn: v.foundedOn || null,
    };
    if (business === 'new') create.mutate(input);
    else update.mutate({ id: business.id, ...input });
  }
  return (
    <Modal
      open
      width={640}
      title={business === 'new' ? t('zones.newBusiness') : refusal ? t('zones.viewBusiness') : t('zones.editBusiness')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={refusal ? t('common.close') : t('common.cancel')}
      okButtonProps={{ style: refusal ? { display: 'none' } : undefined }}
      confirmLoading={create.isPending || update.isPending}
    >
      {refusal && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`zones.readOnly.${refusal}`)} data-testid="business-readonly" />}
      {business !== 'new' && business.creditCheckFailed && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('zones.checkFailedHint')} />}
      <Form
        form={form}
        layout="vertical"
        name="business"
        disabled={!!refusal}
        initialValues={business === 'new' ? { riskLevel: 'low', status: 'active', food: false } : business}
      >
        <Space.Compact block>
          <Form.Item name="creditCode" label={t('zones.creditCode')} style={{ width: '55%' }}>
            <Input maxLength={40} autoFocus />
          </Form.Item>
          <Form.Item name="regNo" label={t('zones.regNo')} style={{ width: '45%' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('zones.bizName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="type" label={t('zones.type')} style={{ width: '40%' }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="legalRep" label={t('zones.legalRep')} style={{ width: '30%' }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="phone" label={t('zones.phone')} style={{ width: '30%' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="address" label={t('zones.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="zoneId" label={t('zones.zone')} style={{ width: '35%' }}>
            <Select allowClear options={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))} />
          </Form.Item>
          <Form.Item name="gridId" label={t('zones.grid')} style={{ width: '25%' }}>
            <Select allowClear options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
          <Form.Item name="riskLevel" label={t('zones.risk')} style={{ width: '20%' }}>
            <Select options={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: t(`zones.riskLevels.${r}`) }))} />
          </Form.Item>
          <Form.Item name="status" label={t('zones.bizStatus')} style={{ width: '20%' }}>
            <Select options={(['active', 'suspended', 'revoked', 'cancelled'] as const).map((s) => ({ value: s, label: t(`zones.bizStatuses.${s}`) }))} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item
            name="foundedOn"
            label={t('zones.foundedOn')}
            style={{ width: '40%' }}
            rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('zones.dateFormat') }]}
          >
            <Input maxLength={10} placeholder="2024-04-16" />
          </Form.Item>
          <Form.Item name="food" label={t('zones.food')} valuePropName="checked" style={{ width: '30%', paddingLeft: 12 }}>
            <Switch />
          </Form.Item>
        </Space.Compact>
        {business !== 'new' && business.statusText && (
          <Typography.Text type="secondary">{t('zones.statusText', { text: business.statusText })}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

function ImportModal({ officeId, onClose }: { officeId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const offices = useRpc('offices.list', { includeInactive: false });
  const [target, setTarget] = useState<string | undefined>(officeId);
  // From the county view, a county-wide file goes to each row's own station (its 所属单位).
  const BY_FILE = '*';
  return (
    <ImportDialog
      key={target ?? ''}
      target={{ kind: 'businesses', officeId: target === BY_FILE ? undefined : target, byFile: target === BY_FILE }}
      title={t('zones.importTitle')}
      onClose={onClose}
      stationPicker={
        <>
          {t('zones.importStation')}
          <Select
            style={{ width: 260 }}
            value={target}
            onChange={setTarget}
            disabled={!!officeId}
            options={[
              ...(officeId ? [] : [{ value: BY_FILE, label: t('zones.importByFile') }]),
              ...(offices.data ?? []).filter((o) => o.kind === 'station').map((o) => ({ value: o.id, label: o.name })),
            ]}
            aria-label={t('zones.importStation')}
            data-testid="import-station"
          />
        </>
      }
    />
  );
}
