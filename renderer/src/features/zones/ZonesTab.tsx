import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today, todayJs } from '../../lib/clock';
import type { Zone } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { errorText } from '../../lib/errors';
import { markShown } from '../../lib/abandoned';
import { ExportButton } from '../../lib/ExportButton';
import { listText } from '../../lib/format';
import { AssignModal, HistoryDrawer } from './ZoneAssignments';
import { MergeModal, SplitModal } from './ZoneReshape';
import { ChooseStation } from './ZonesPage';

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
        rowSelection={
          manage
            ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (z) => ({ disabled: z.status === 'retired' }) }
            : undefined
        }
        columns={[
          ...(officeId ? [] : [{ title: t('zones.station'), dataIndex: 'officeName', width: 150 }]),
          { title: t('zones.code'), dataIndex: 'code', width: 90 },
          {
            title: t('zones.name'),
            dataIndex: 'name',
            width: 190,
            render: (n: string, z) => (
              <>
                {n}
                {z.status === 'retired' && <Tag style={{ marginLeft: 6 }}>{t('zones.retired')}</Tag>}
              </>
            ),
          },
          { title: t('zones.risk'), dataIndex: 'riskLevel', width: 80, render: risk },
          {
            title: t('zones.owner'),
            width: 100,
            render: (_: unknown, z) => (z.owner ? z.owner.name : z.status === 'active' ? <Tag color="red">{t('zones.noOwner')}</Tag> : '—'),
          },
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
  const initial =
    zone === 'new' ? { riskLevel: 'medium' } : { code: zone.code, name: zone.name, boundary: zone.boundary, riskLevel: zone.riskLevel, notes: zone.notes };
  async function submit() {
    const v = await form.validateFields();
    const input = { code: v.code, name: v.name, boundary: v.boundary || null, riskLevel: v.riskLevel, notes: v.notes || null };
    if (zone === 'new') create.mutate({ officeId, ...input });
    else update.mutate({ id: zone.id, ...input });
  }
  return (
    <Modal
      open
      title={zone === 'new' ? t('zones.newZone') : t('zones.editZone')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
    >
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
