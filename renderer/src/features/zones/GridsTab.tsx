import { Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listText } from '../../lib/format';
import type { DualTrackRow, Grid } from '../../../../shared/contract/zones';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';

export function GridsTab({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const grids = useRpc('grids.list', { officeId });
  const zones = useRpc('zones.list', { officeId });
  const [editing, setEditing] = useState<Grid | 'new' | null>(null);
  const [mapping, setMapping] = useState<Grid | null>(null);
  const [dual, setDual] = useState(false);
  const zoneName = new Map((zones.data ?? []).map((z) => [z.id, z.name]));
  const manage = can('zones.manage');
  const rows = grids.data ?? [];
  return (
    <>
      <div className="page-toolbar">
        {manage && officeId && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('zones.newGrid')}
          </Button>
        )}
        <Button onClick={() => setDual(true)}>{t('zones.dualTrack')}</Button>
        <span className="spacer" />
        <ExportButton<Grid>
          filename={t('zones.grids')}
          rows={rows}
          columns={[
            { header: t('zones.township'), value: (g) => g.township },
            { header: t('zones.gridCode'), value: (g) => g.code },
            { header: t('zones.gridName'), value: (g) => g.name },
            { header: t('zones.worker'), value: (g) => g.workerName },
            { header: t('zones.workerPhone'), value: (g) => g.workerPhone },
            { header: t('zones.area'), value: (g) => g.area },
            { header: t('zones.mapZones'), value: (g) => listText(g.zoneIds.map((id) => zoneName.get(id) ?? '')), width: 40 },
          ]}
        />
      </div>
      <Table<Grid>
        rowKey="id"
        size="small"
        loading={grids.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('zones.township'), dataIndex: 'township', width: 120 },
          { title: t('zones.gridCode'), dataIndex: 'code', width: 100 },
          { title: t('zones.gridName'), dataIndex: 'name' },
          { title: t('zones.worker'), dataIndex: 'workerName', width: 90 },
          { title: t('zones.workerPhone'), dataIndex: 'workerPhone', width: 130 },
          { title: t('zones.area'), dataIndex: 'area', width: 110 },
          { title: t('zones.mapZones'), render: (_: unknown, g) => listText(g.zoneIds.map((id) => zoneName.get(id) ?? '')) },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 150,
                  render: (_: unknown, g: Grid) => (
                    <Space size={0}>
                      <Button size="small" type="link" onClick={() => setEditing(g)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="small" type="link" onClick={() => setMapping(g)}>
                        {t('zones.mapZones')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <GridForm grid={editing} officeId={officeId!} onClose={() => setEditing(null)} />}
      {mapping && <MapZones grid={mapping} onClose={() => setMapping(null)} />}
      {dual && <DualTrack officeId={officeId} onClose={() => setDual(false)} />}
    </>
  );
}

function GridForm({ grid, officeId, onClose }: { grid: Grid | 'new'; officeId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const create = useRpcMutation('grids.create', { success: t('common.saved'), onSuccess: onClose });
  const update = useRpcMutation('grids.update', { success: t('common.saved'), onSuccess: onClose });
  async function submit() {
    const v = await form.validateFields();
    const input = {
      township: v.township,
      code: v.code,
      name: v.name,
      workerName: v.workerName || null,
      workerPhone: v.workerPhone || null,
      area: v.area || null,
    };
    if (grid === 'new') create.mutate({ officeId, ...input });
    else update.mutate({ id: grid.id, ...input });
  }
  const req = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal
      open
      title={grid === 'new' ? t('zones.newGrid') : t('zones.editGrid')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
    >
      <Form form={form} layout="vertical" name="grid" initialValues={grid === 'new' ? {} : grid}>
        <Form.Item name="township" label={t('zones.township')} rules={req}>
          <Input autoFocus maxLength={40} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="code" label={t('zones.gridCode')} style={{ width: '40%' }} rules={req}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="name" label={t('zones.gridName')} style={{ width: '60%' }} rules={req}>
            <Input maxLength={60} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="workerName" label={t('zones.worker')} style={{ width: '40%' }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="workerPhone" label={t('zones.workerPhone')} style={{ width: '60%' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="area" label={t('zones.area')}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MapZones({ grid, onClose }: { grid: Grid; onClose: () => void }) {
  const { t } = useTranslation();
  const zones = useRpc('zones.list', { officeId: grid.officeId });
  const [value, setValue] = useState<string[]>(grid.zoneIds);
  const save = useRpcMutation('grids.setZones', { success: t('common.saved'), onSuccess: onClose });
  return (
    <Modal
      open
      title={`${grid.name} · ${t('zones.mapZones')}`}
      onCancel={onClose}
      onOk={() => save.mutate({ gridId: grid.id, zoneIds: value })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
    >
      <Select
        mode="multiple"
        aria-label={t('zones.mapZones')}
        style={{ width: '100%' }}
        value={value}
        onChange={setValue}
        optionFilterProp="label"
        options={(zones.data ?? []).map((z) => ({ value: z.id, label: `${z.code} ${z.name}` }))}
      />
    </Modal>
  );
}

function DualTrack({ officeId, onClose }: { officeId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const rows = useRpc('grids.dualTrack', { officeId }).data ?? [];
  type Flat = DualTrackRow & { zone: DualTrackRow['zones'][number] | null };
  const flat: Flat[] = rows.flatMap((r): Flat[] => (r.zones.length ? r.zones.map((z) => ({ ...r, zone: z })) : [{ ...r, zone: null }]));
  return (
    <Modal
      open
      width={960}
      title={t('zones.dualTitle')}
      onCancel={onClose}
      footer={[
        <ExportButton<Flat>
          key="x"
          filename={t('zones.dualTitle')}
          rows={flat}
          columns={[
            { header: t('zones.township'), value: (r) => r.township },
            { header: t('zones.gridCode'), value: (r) => r.gridCode },
            { header: t('zones.gridName'), value: (r) => r.gridName },
            { header: t('zones.worker'), value: (r) => r.workerName },
            { header: t('zones.workerPhone'), value: (r) => r.workerPhone },
            { header: t('zones.title'), value: (r) => r.zone?.name },
            { header: t('zones.owner'), value: (r) => r.zone?.ownerName ?? t('zones.noOwner') },
            { header: t('zones.ownerPhone'), value: (r) => r.zone?.ownerPhone },
          ]}
        />,
        <Button key="p" type="primary" onClick={() => window.print()}>
          {t('zones.print')}
        </Button>,
      ]}
    >
      <div className="print-area">
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {t('zones.dualTitle')}
        </Typography.Title>
        <Table<DualTrackRow>
          rowKey="gridId"
          size="small"
          bordered
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('zones.township'), dataIndex: 'township' },
            { title: t('zones.gridName'), render: (_: unknown, r) => `${r.gridCode} ${r.gridName}` },
            { title: t('zones.worker'), render: (_: unknown, r) => `${r.workerName ?? ''} ${r.workerPhone ?? ''}` },
            { title: t('zones.title'), render: (_: unknown, r) => r.zones.map((z) => <div key={z.code}>{z.name}</div>) },
            {
              title: t('zones.owner'),
              render: (_: unknown, r) =>
                r.zones.map((z) => (
                  <div key={z.code}>
                    {z.ownerName ?? t('zones.noOwner')} {z.ownerPhone ?? ''}
                  </div>
                )),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
