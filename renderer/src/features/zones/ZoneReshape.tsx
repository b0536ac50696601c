import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import type { Zone } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc } from '../../api/hooks';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/format';

// Splitting a zone and merging zones: a preview of the plan the core computes, then the commit.
type Plan = { retire: { name: string }[]; create: { code: string; name: string; businesses: number; unlicensed: number; ownerName: string | null }[] };

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
            <div key={c.code}>
              {t('zones.planCreate', { name: c.name, code: c.code, n: c.businesses, u: c.unlicensed, owner: c.ownerName ?? t('zones.noOwner') })}
            </div>
          ))}
        </div>
      }
    />
  );
}

export function SplitModal({ zone, onClose }: { zone: Zone; onClose: () => void }) {
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
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="p" onClick={() => void run(false)} loading={busy}>
          {t('zones.preview')}
        </Button>,
        <Button key="ok" type="primary" danger disabled={!plan} onClick={() => void run(true)} loading={busy}>
          {t('zones.confirmApply')}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        name="split"
        initialValues={{
          date: todayJs(),
          aCode: `${zone.code}A`,
          bCode: `${zone.code}B`,
          aName: t('zones.splitNameA', { name: zone.name }),
          bName: t('zones.splitNameB', { name: zone.name }),
        }}
        onValuesChange={() => setPlan(null)}
      >
        <Space.Compact block>
          <Form.Item name="aCode" label={`${t('zones.partA')} ${t('zones.code')}`} style={{ width: '30%' }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="aName" label={t('zones.name')} style={{ width: '70%' }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="bCode" label={`${t('zones.partB')} ${t('zones.code')}`} style={{ width: '30%' }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="bName" label={t('zones.name')} style={{ width: '70%' }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="toB" label={t('zones.moveToB')}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            maxTagCount={6}
            options={(biz.data?.rows ?? []).map((b) => ({ value: b.id, label: `${b.name} · ${b.address ?? ''}` }))}
          />
        </Form.Item>
        <Form.Item name="date" label={t('zones.effectiveDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
      {plan && <PlanView plan={plan} />}
    </Modal>
  );
}

export function MergeModal({ zones, onClose }: { zones: Zone[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [plan, setPlan] = useState<Plan | null>(null);
  async function run(commit: boolean) {
    const v = await form.validateFields();
    try {
      const p = await rpc('zones.merge', {
        ids: zones.map((z) => z.id),
        date: v.date.format('YYYY-MM-DD'),
        into: { code: v.code, name: v.name, boundary: null },
        commit,
      });
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
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="p" onClick={() => void run(false)}>
          {t('zones.preview')}
        </Button>,
        <Button key="ok" type="primary" danger disabled={!plan} onClick={() => void run(true)}>
          {t('zones.confirmApply')}
        </Button>,
      ]}
    >
      <p>{zones.map((z) => z.name).join(' + ')}</p>
      <Form
        form={form}
        layout="vertical"
        name="merge"
        initialValues={{ date: todayJs(), code: zones[0]?.code, name: listText(zones.map((z) => z.name)) }}
        onValuesChange={() => setPlan(null)}
      >
        <Form.Item name="code" label={`${t('zones.mergeInto')} ${t('zones.code')}`} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t('zones.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="date" label={t('zones.effectiveDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
      {plan && <PlanView plan={plan} />}
    </Modal>
  );
}
