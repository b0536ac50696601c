// The dossier's career plans tab: the plans, submission and review, the current plan's anchor scores.
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { afterToday, DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import { useNavigate } from 'react-router';
import { type Dossier, type Plan } from '../../../../shared/contract/dossiers';
import { AnchorChart, PlanEditor } from './PlanEditor';
import { useSaver } from './RecordSection';
import { d } from './dossier-form';

const PLAN_COLORS = { draft: 'default', submitted: 'orange', reviewed: 'green' } as const;

export function Plans({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  const save = useSaver();
  const [editing, setEditing] = useState<Plan | 'new' | null>(null);
  const [reviewing, setReviewing] = useState<Plan | null>(null);
  const [form] = Form.useForm<{ comment: string; date: Dayjs }>();
  const canWrite = dos.canManage || dos.isSelf;
  const { modal } = App.useApp();
  const current = dos.plans[0];
  return (
    <div data-testid="plans">
      <div className="page-toolbar">
        {canWrite && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('dossier.plan.new')}
          </Button>
        )}
      </div>
      <Table<Plan>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={dos.plans}
        columns={[
          { title: t('dossier.plan.period'), render: (_, p) => `${p.periodStart}–${p.periodEnd}` },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Plan['status']) => <Tag color={PLAN_COLORS[s]}>{t(`dossier.plan.statuses.${s}`)}</Tag>,
          },
          {
            title: t('dossier.plan.top'),
            render: (_, p) =>
              p.anchorOverride
                ? t('dossier.withNote', { text: t(`dossier.anchors.${p.anchorOverride}`), note: t('dossier.plan.overridden') })
                : p.anchorTop
                  ? t(`dossier.anchors.${p.anchorTop}`)
                  : '—',
          },
          { title: t('dossier.plan.goal1'), dataIndex: 'goal1', ellipsis: true },
          { title: t('dossier.plan.submittedOn'), dataIndex: 'submittedOn' },
          { title: t('dossier.plan.review'), render: (_, p) => (p.reviewedOn ? `${p.reviewer ?? ''} ${p.reviewedOn}` : '—') },
          {
            title: t('common.actions'),
            render: (_, p) => (
              <Space size={0}>
                {p.status === 'draft' && canWrite && (
                  <Button size="small" type="link" onClick={() => setEditing(p)}>
                    {t('common.edit')}
                  </Button>
                )}
                {p.status === 'draft' && canWrite && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      modal.confirm({
                        title: t('dossier.plan.submit'),
                        content: t('dossier.plan.confirmSubmit'),
                        onOk: () => save('dossiers.submitPlan', { id: p.id }, t('dossier.plan.submitted')),
                      })
                    }
                  >
                    {t('dossier.plan.submit')}
                  </Button>
                )}
                {p.status === 'submitted' && dos.canManage && (
                  <Button size="small" type="link" onClick={() => (setReviewing(p), form.setFieldsValue({ comment: '', date: todayJs() }))}>
                    {t('dossier.plan.doReview')}
                  </Button>
                )}
                <Button size="small" type="link" onClick={() => nav(`/print/plan/${dos.cadre.id}?plan=${p.id}`)}>
                  {t('dossier.printPlan')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {current && (
        <Card
          size="small"
          title={t('dossier.plan.scoresOf', { period: `${current.periodStart}–${current.periodEnd}` })}
          style={{ marginTop: 12, maxWidth: 560 }}
        >
          <AnchorChart scores={current.anchorScores} top={current.anchorTop} />
          {current.reviewComment && (
            <Alert
              style={{ marginTop: 8 }}
              type="success"
              title={t('dossier.labelled', { label: t('dossier.plan.reviewComment'), text: current.reviewComment })}
            />
          )}
        </Card>
      )}
      <PlanEditor cadreId={dos.cadre.id} plan={editing === 'new' ? null : editing} plans={dos.plans} open={editing !== null} onClose={() => setEditing(null)} />
      <Modal
        open={reviewing !== null}
        title={t('dossier.plan.doReview')}
        onCancel={() => setReviewing(null)}
        okText={t('dossier.plan.doReview')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('dossiers.reviewPlan', { id: reviewing!.id, comment: v.comment, date: d(v.date)! }, t('dossier.plan.reviewed'));
          setReviewing(null);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="comment" label={t('dossier.plan.reviewComment')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="date" label={t('dossier.plan.reviewDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
