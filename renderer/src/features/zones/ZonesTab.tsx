import { Alert, App, Button, Checkbox, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today, todayJs } from '../../lib/clock';
import { addDays } from '../../../../shared/domain/time';
import type { Zone } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { errorText } from '../../lib/errors';
import { markShown } from '../../lib/abandoned';
import { ExportButton } from '../../lib/ExportButton';
import { listText } from '../../lib/format';
import { noteText, ruleText } from './words';
import { ChooseStation } from './ZonesPage';

type Plan = { retire: { name: string }[]; create: { code: string; name: string; businesses: number; unlicensed: number; ownerName: string | null }[] };

export function ZonesTab({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { can } = useAuth();
  const [includeRetired, setIncludeRetired] = useState(false);
  const list = useRpc('zones.list', { officeId, includeRetired });
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<Zone | 'new' | null>(null);
  const [assigning, setAssigning] = useState<Zone | null>(null);
  const [historyOf, setHistoryOf] = useState<Zone | null>(null);
  const [splitting, setSplitting] = useState<Zone | null>(null);
  const [merging, setMerging] = useState(false);
  const manage = can('zones.manage');
  const rows = list.data ?? [];
  const risk = (r: string) => <Tag color={r === 'high' ? 'red' : r === 'medium' ? 'orange' : 'green'}>{t(`zones.riskLevels.${r}`)}</Tag>;

  function retire(z: Zone) {
    let date = today();
    modal.confirm({
      title: t('zones.retire'),
      content: (
        <Space direction="vertical">
          <span>{t('zones.confirmRetire', { name: z.name })}</span>
          <DatePicker defaultValue={todayJs()} onChange={(d) => (date = d?.format('YYYY-MM-DD') ?? date)} aria-label={t('zones.retireDate')} />
        </Space>
      ),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await rpc('zones.retire', { id: z.id, date });
          void list.refetch();
        } catch (e) {
          void message.error(errorText(t, e));
          throw markShown(e);
        }
      },
    });
  }

  return (
    <>
      <div className="page-toolbar">
        {manage && officeId && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('zones.newZone')}
          </Button>
        )}
        {manage && (
          <Button disabled={selected.length < 2} onClick={() => setMerging(true)} title={t('zones.selectTwo')}>
            {t('zones.merge')}
          </Button>
        )}
        <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)}>
          {t('zones.includeRetired')}
        </Checkbox>
        <span className="spacer" />
        <ExportButton<Zone>
          filename={t('zones.title')}
          rows={rows}
          columns={[
            { header: t('zones.station'), value: (z) => z.officeName, width: 24 },
            { header: t('zones.code'), value: (z) => z.code },
            { header: t('zones.name'), value: (z) => z.name, width: 24 },
            { header: t('zones.boundary'), value: (z) => z.boundary, width: 40 },
            { header: t('zones.risk'), value: (z) => t(`zones.riskLevels.${z.riskLevel}`) },
            { header: t('zones.owner'), value: (z) => z.owner?.name ?? t('zones.noOwner') },
            { header: t('zones.deputies'), value: (z) => listText(z.deputies.map((d) => d.name)) },
            { header: t('zones.businesses'), value: (z) => z.businessCount },
            { header: t('zones.food'), value: (z) => z.foodCount },
            { header: t('zones.unlicensed'), value: (z) => z.unlicensedCount },
            { header: t('zones.status'), value: (z) => t(`zones.${z.status}`) },
          ]}
        />
      </div>
      <Table<Zone>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowSelection={manage ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (z) => ({ disabled: z.status === 'retired' }) } : undefined}
        columns={[
          ...(officeId ? [] : [{ title: t('zones.station'), dataIndex: 'officeName', width: 150 }]),
          { title: t('zones.code'), dataIndex: 'code', width: 90 },
          { title: t('zones.name'), dataIndex: 'name', width: 190, render: (n: string, z) => (<>{n}{z.status === 'retired' && <Tag style={{ marginLeft: 6 }}>{t('zones.retired')}</Tag>}</>) },
          { title: t('zones.risk'), dataIndex: 'riskLevel', width: 80, render: risk },
          { title: t('zones.owner'), width: 100, render: (_: unknown, z) => (z.owner ? z.owner.name : z.status === 'active' ? <Tag color="red">{t('zones.noOwner')}</Tag> : '—') },
          { title: t('zones.deputies'), render: (_: unknown, z) => listText(z.deputies.map((d) => d.name)) },
          { title: t('zones.businesses'), dataIndex: 'businessCount', width: 80, align: 'right' },
          { title: t('zones.food'), dataIndex: 'foodCount', width: 80, align: 'right' },
          { title: t('zones.unlicensed'), dataIndex: 'unlicensedCount', width: 70, align: 'right' },
          {
            title: t('common.actions'),
            width: 270,
            render: (_: unknown, z) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setHistoryOf(z)}>
                  {t('zones.history')}
                </Button>
                {manage && z.status === 'active' && (
                  <>
                    <Button size="small" type="link" onClick={() => setAssigning(z)}>
                      {t('zones.assign')}
                    </Button>
                    <Button size="small" type="link" onClick={() => setEditing(z)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="small" type="link" onClick={() => setSplitting(z)}>
                      {t('zones.split')}
                    </Button>
                    <Button size="small" type="link" danger onClick={() => retire(z)}>
                      {t('zones.retire')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (officeId || editing !== 'new') && <ZoneForm zone={editing} officeId={officeId!} onClose={() => setEditing(null)} />}
      {editing === 'new' && !officeId && <ChooseStation />}
      {assigning && <AssignModal zone={assigning} onClose={() => setAssigning(null)} />}
      {historyOf && <HistoryDrawer zone={historyOf} onClose={() => setHistoryOf(null)} />}
      {splitting && <SplitModal zone={splitting} onClose={() => setSplitting(null)} />}
      {merging && <MergeModal zones={rows.filter((z) => selected.includes(z.id))} onClose={() => (setMerging(false), setSelected([]))} />}
    </>
  );
}

function ZoneForm({ zone, officeId, onClose }: { zone: Zone | 'new'; officeId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const create = useRpcMutation('zones.create', { success: t('common.saved'), onSuccess: onClose });
  const update = useRpcMutation('zones.update', { success: t('common.saved'), onSuccess: onClose });
  const initial = zone === 'new' ? { riskLevel: 'medium' } : { code: zone.code, name: zone.name, boundary: zone.boundary, riskLevel: zone.riskLevel, notes: zone.notes };
  async function submit() {
    const v = await form.validateFields();
    const input = { code: v.code, name: v.name, boundary: v.boundary || null, riskLevel: v.riskLevel, notes: v.notes || null };
    if (zone === 'new') create.mutate({ officeId, ...input });
    else update.mutate({ id: zone.id, ...input });
  }
  return (
    <Modal open title={zone === 'new' ? t('zones.newZone') : t('zones.editZone')} onCancel={onClose} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending || update.isPending}>
      <Form form={form} layout="vertical" name="zone" initialValues={initial}>
        <Space.Compact block>
          <Form.Item name="code" label={t('zones.code')} style={{ width: '35%' }} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input autoFocus maxLength={20} />
          </Form.Item>
          <Form.Item name="name" label={t('zones.name')} style={{ width: '65%' }} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="boundary" label={t('zones.boundary')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="riskLevel" label={t('zones.risk')}>
          <Select options={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: t(`zones.riskLevels.${r}`) }))} />
        </Form.Item>
        <Form.Item name="notes" label={t('zones.notes')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const cadres = useRpc('cadres.list', { officeId: zone.officeId });
  const assign = useRpcMutation('zones.assign', {
    success: t('common.saved'),
    onSuccess: (r) => {
      for (const w of r.warnings) void message.warning(ruleText(t, w));
      onClose();
    },
  });
  // 林晓红（食品安全监管岗 · 挂职/借调）: the post, and the status when it is not plain active.
  const cadreLabel = (c: { name: string; post: string | null; status: string }) => {
    const detail = [c.post, c.status !== 'active' ? t(`cadres.statuses.${c.status}`) : null].filter(Boolean).join(' · ');
    return detail ? t('zones.cadreOption', { name: c.name, detail }) : c.name;
  };
  async function submit() {
    const v = await form.validateFields();
    assign.mutate({ zoneId: zone.id, cadreId: v.cadreId, role: v.role, startDate: v.startDate.format('YYYY-MM-DD'), note: v.note || null });
  }
  return (
    <Modal open title={t('zones.assignTitle', { name: zone.name })} onCancel={onClose} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={assign.isPending}>
      <Alert type="info" showIcon title={t('zones.assignHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="assign" initialValues={{ role: 'owner', startDate: todayJs() }}>
        <Form.Item name="role" label={t('zones.role')}>
          <Select options={[{ value: 'owner', label: t('zones.roleOwner') }, { value: 'deputy', label: t('zones.roleDeputy') }]} />
        </Form.Item>
        <Form.Item name="cadreId" label={t('zones.cadre')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch optionFilterProp="label" options={(cadres.data ?? []).filter((c) => !c.pastRetirement && !['retired', 'transferred'].includes(c.status)).map((c) => ({ value: c.id, label: cadreLabel(c) }))} />
        </Form.Item>
        <Form.Item name="startDate" label={t('zones.startDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('zones.notes')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HistoryDrawer({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const h = useRpc('zones.history', { zoneId: zone.id });
  const end = useRpcMutation('zones.endAssignment', { success: t('common.saved') });
  return (
    <Drawer open width={520} title={t('zones.historyTitle', { name: zone.name })} onClose={onClose}>
      <Timeline
        items={(h.data ?? []).map((a) => ({
          color: a.endDate ? 'gray' : a.role === 'owner' ? 'blue' : 'green',
          children: (
            <div data-testid="history-item">
              <Typography.Text strong delete={a.corrected}>{a.cadreName}</Typography.Text> <Tag>{a.role === 'owner' ? t('zones.roleOwner') : t('zones.roleDeputy')}</Tag>
              {a.corrected && <Tag color="orange">{t('zones.corrected')}</Tag>}
              <div>
                {a.corrected ? a.startDate : `${a.startDate} — ${a.endDate ?? t('zones.ongoing')}`}
                {[a.correctedTo ? t('zones.correctedTo', { name: a.correctedTo }) : null, noteText(t, a)].filter(Boolean).map((n) => ` · ${n}`)}
              </div>
              {!a.endDate && a.role === 'deputy' && can('zones.manage') && zone.status === 'active' && (
                <Button size="small" type="link" onClick={() => end.mutate({ id: a.id, endDate: addDays(today(), 1) })}>
                  {t('zones.end')}
                </Button>
              )}
            </div>
          ),
        }))}
      />
    </Drawer>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('zones.preview')}
      description={
        <div data-testid="plan">
          <div>{t('zones.planRetire', { names: listText(plan.retire.map((r) => r.name)) })}</div>
          {plan.create.map((c) => (
            <div key={c.code}>{t('zones.planCreate', { name: c.name, code: c.code, n: c.businesses, u: c.unlicensed, owner: c.ownerName ?? t('zones.noOwner') })}</div>
          ))}
        </div>
      }
    />
  );
}

function SplitModal({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const biz = useRpc('businesses.search', { zoneId: zone.id, limit: 500, offset: 0 });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(commit: boolean) {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const p = await rpc('zones.split', {
        id: zone.id,
        date: v.date.format('YYYY-MM-DD'),
        a: { code: v.aCode, name: v.aName, boundary: null },
        b: { code: v.bCode, name: v.bName, boundary: null },
        businessIdsToB: v.toB ?? [],
        commit,
      });
      if (commit) {
        void message.success(t('common.saved'));
        onClose();
      } else setPlan(p);
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      width={640}
      title={t('zones.splitTitle', { name: zone.name })}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="p" onClick={() => void run(false)} loading={busy}>{t('zones.preview')}</Button>,
        <Button key="ok" type="primary" danger disabled={!plan} onClick={() => void run(true)} loading={busy}>{t('zones.confirmApply')}</Button>,
      ]}
    >
      <Form form={form} layout="vertical" name="split" initialValues={{ date: todayJs(), aCode: `${zone.code}A`, bCode: `${zone.code}B`, aName: t('zones.splitNameA', { name: zone.name }), bName: t('zones.splitNameB', { name: zone.name }) }} onValuesChange={() => setPlan(null)}>
        <Space.Compact block>
          <Form.Item name="aCode" label={`${t('zones.partA')} ${t('zones.code')}`} style={{ width: '30%' }} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="aName" label={t('zones.name')} style={{ width: '70%' }} rules={[{ required: true }]}><Input /></Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="bCode" label={`${t('zones.partB')} ${t('zones.code')}`} style={{ width: '30%' }} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="bName" label={t('zones.name')} style={{ width: '70%' }} rules={[{ required: true }]}><Input /></Form.Item>
        </Space.Compact>
        <Form.Item name="toB" label={t('zones.moveToB')}>
          <Select mode="multiple" showSearch optionFilterProp="label" maxTagCount={6} options={(biz.data?.rows ?? []).map((b) => ({ value: b.id, label: `${b.name} · ${b.address ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="date" label={t('zones.effectiveDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
      </Form>
      {plan && <PlanView plan={plan} />}
    </Modal>
  );
}

function MergeModal({ zones, onClose }: { zones: Zone[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [plan, setPlan] = useState<Plan | null>(null);
  async function run(commit: boolean) {
    const v = await form.validateFields();
    try {
      const p = await rpc('zones.merge', { ids: zones.map((z) => z.id), date: v.date.format('YYYY-MM-DD'), into: { code: v.code, name: v.name, boundary: null }, commit });
      if (commit) {
        void message.success(t('common.saved'));
        onClose();
      } else setPlan(p);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  }
  return (
    <Modal
      open
      title={t('zones.mergeTitle')}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="p" onClick={() => void run(false)}>{t('zones.preview')}</Button>,
        <Button key="ok" type="primary" danger disabled={!plan} onClick={() => void run(true)}>{t('zones.confirmApply')}</Button>,
      ]}
    >
      <p>{zones.map((z) => z.name).join(' + ')}</p>
      <Form form={form} layout="vertical" name="merge" initialValues={{ date: todayJs(), code: zones[0]?.code, name: listText(zones.map((z) => z.name)) }} onValuesChange={() => setPlan(null)}>
        <Form.Item name="code" label={`${t('zones.mergeInto')} ${t('zones.code')}`} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="name" label={t('zones.name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="date" label={t('zones.effectiveDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
      </Form>
      {plan && <PlanView plan={plan} />}
    </Modal>
  );
}
