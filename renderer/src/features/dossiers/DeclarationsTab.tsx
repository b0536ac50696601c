// The dossier's declarations tab: the cadre's requests for a post or a rotation, and HR's decisions.
import { Button, Form, Input, Modal, Select, Tag } from 'antd';
import { afterToday, DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import { type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { type Rec, d } from './dossier-form';

export function Declarations({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [deciding, setDeciding] = useState<Rec<'declarations'> | null>(null);
  const [form] = Form.useForm<{ decision: 'approved'; date: Dayjs; note?: string }>();
  return (
    <>
      <RecordSection<Rec<'declarations'>, object>
        testId="declarations"
        title={t('dossier.tabs.declarations')}
        addLabel={t('dossier.declaration.new')}
        rows={dos.declarations}
        canEdit={false}
        columns={[
          { title: t('dossier.declaration.submittedOn'), dataIndex: 'submittedOn', width: 110 },
          { title: t('dossier.declaration.kind'), dataIndex: 'kind', width: 90, render: (k: string) => t(`dossier.declaration.kinds.${k}`) },
          { title: t('dossier.declaration.target'), dataIndex: 'target' },
          { title: t('dossier.declaration.reason'), dataIndex: 'reason', ellipsis: true },
          {
            title: t('dossier.declaration.decision'),
            dataIndex: 'decision',
            width: 90,
            render: (x: string) => (
              <Tag color={x === 'approved' ? 'green' : x === 'declined' ? 'red' : 'orange'}>{t(`dossier.declaration.decisions.${x}`)}</Tag>
            ),
          },
          { title: t('dossier.declaration.decidedOn'), render: (_, r) => (r.decidedOn ? `${r.decidedOn} ${r.decisionNote ?? ''}` : '—') },
        ]}
        extraActions={(r) =>
          dos.canManage && (r.decision === 'pending' || r.decision === 'deferred') ? (
            <Button size="small" type="link" onClick={() => (setDeciding(r), form.setFieldsValue({ date: todayJs() }))}>
              {t('dossier.declaration.decide')}
            </Button>
          ) : null
        }
        exportColumns={[
          { header: t('dossier.declaration.submittedOn'), value: (r) => r.submittedOn },
          { header: t('dossier.declaration.kind'), value: (r) => t(`dossier.declaration.kinds.${r.kind}`) },
          { header: t('dossier.declaration.target'), value: (r) => r.target },
          { header: t('dossier.declaration.reason'), value: (r) => r.reason, width: 40 },
          { header: t('dossier.declaration.decision'), value: (r) => t(`dossier.declaration.decisions.${r.decision}`) },
          { header: t('dossier.declaration.decidedOn'), value: (r) => r.decidedOn },
        ]}
      />
      {(dos.canManage || dos.isSelf) && <DeclareButton cadreId={dos.cadre.id} />}
      <Modal
        open={deciding !== null}
        title={t('dossier.declaration.decide')}
        onCancel={() => setDeciding(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('dossiers.decide', { id: deciding!.id, decision: v.decision, date: d(v.date)!, note: v.note || null });
          setDeciding(null);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="decision" label={t('dossier.declaration.decision')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={(['approved', 'declined', 'deferred'] as const).map((x) => ({ value: x, label: t(`dossier.declaration.decisions.${x}`) }))} />
          </Form.Item>
          <Form.Item name="date" label={t('dossier.declaration.decidedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
          <Form.Item name="note" label={t('dossier.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function DeclareButton({ cadreId }: { cadreId: string }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ kind: 'post' | 'rotation'; target: string; reason: string }>();
  return (
    <>
      <Button style={{ marginTop: 12 }} type="primary" onClick={() => (setOpen(true), form.setFieldsValue({ kind: 'post' }))}>
        {t('dossier.declaration.new')}
      </Button>
      <Modal
        open={open}
        title={t('dossier.declaration.new')}
        onCancel={() => setOpen(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('dossiers.declare', { cadreId, ...v });
          setOpen(false);
          form.resetFields();
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label={t('dossier.declaration.kind')} rules={[{ required: true }]}>
            <Select options={(['post', 'rotation'] as const).map((x) => ({ value: x, label: t(`dossier.declaration.kinds.${x}`) }))} />
          </Form.Item>
          <Form.Item name="target" label={t('dossier.declaration.target')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="reason" label={t('dossier.declaration.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={4} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
