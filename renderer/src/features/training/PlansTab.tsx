// The plans tab: yearly plans, each with its courses.
import { useFillOnOpen } from '../../lib/form-open';
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ABILITIES, PLAN_STATES, type Course, type TrainingPlan } from '../../../../shared/contract/training';
import { STAGES } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { useSaver } from '../dossiers/RecordSection';
import { CourseModal, CourseTable } from './CoursesTab';

const STATUS_COLOR = { draft: 'default', approved: 'green', closed: 'purple' } as const;

export function Plans({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const save = useSaver();
  const q = useRpc('training.plans', { year });
  const [editing, setEditing] = useState<TrainingPlan | null | undefined>(undefined);
  const [courseFor, setCourseFor] = useState<{ plan: TrainingPlan; course: Course | null } | null>(null);
  const manage = can('training.manage');
  return (
    <div data-testid="training-plans">
      <div className="page-toolbar">
        {yearPicker}
        {manage && (
          <Button type="primary" onClick={() => setEditing(null)}>
            {t('training.newPlan')}
          </Button>
        )}
      </div>
      <Table<TrainingPlan>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        pagination={false}
        locale={{ emptyText: t('training.noPlans') }}
        expandable={{
          expandedRowRender: (p) => (
            <CourseTable planId={p.id} onEdit={manage && p.status !== 'closed' ? (c) => setCourseFor({ plan: p, course: c }) : undefined} />
          ),
          expandRowByClick: false,
        }}
        columns={[
          { title: t('training.title'), dataIndex: 'title' },
          { title: t('training.office'), dataIndex: 'officeName', width: 230 },
          { title: t('training.status'), width: 90, render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`training.statuses.${p.status}`)}</Tag> },
          { title: t('training.targetStages'), width: 220, render: (_, p) => p.targetStages.map((s) => <Tag key={s}>{t(`dossier.stages.${s}`)}</Tag>) },
          { title: t('training.courses'), dataIndex: 'courses', width: 70 },
          { title: t('training.totalHours'), dataIndex: 'hours', width: 80 },
          {
            title: t('common.actions'),
            width: 230,
            render: (_, p) =>
              manage && (
                <Space size={4}>
                  {p.status !== 'closed' && (
                    <Button size="small" type="link" onClick={() => setCourseFor({ plan: p, course: null })}>
                      {t('training.newCourse')}
                    </Button>
                  )}
                  <Button size="small" type="link" onClick={() => setEditing(p)}>
                    {t('common.edit')}
                  </Button>
                  <ConfirmButton
                    title={t('training.confirmRemovePlan', { title: p.title })}
                    okText={t('common.delete')}
                    onConfirm={() => save('training.removePlan', { id: p.id })}
                  />
                </Space>
              ),
          },
        ]}
      />
      <PlanModal plan={editing} year={year} onClose={() => setEditing(undefined)} />
      <CourseModal target={courseFor} onClose={() => setCourseFor(null)} />
    </div>
  );
}

function PlanModal({ plan, year, onClose }: { plan: TrainingPlan | null | undefined; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [form] = Form.useForm();
  useFillOnOpen(form, plan !== undefined, () => plan ?? { year, status: 'draft', targetStages: [], abilities: [] }, plan?.id);
  return (
    <Modal
      open={plan !== undefined}
      title={plan ? t('training.editPlan') : t('training.newPlan')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await save('training.savePlan', { id: plan?.id, officeId: plan?.officeId, ...v });
        onClose();
      }}
    >
      <Form form={form} layout="vertical" name="training-plan">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="year" label={t('training.year')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="status" label={t('training.status')}>
              <Segmented options={PLAN_STATES.map((s) => ({ value: s, label: t(`training.statuses.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('training.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="goals" label={t('training.goals')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="targetStages" label={t('training.targetStages')}>
          <Checkbox.Group options={STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }))} />
        </Form.Item>
        <Form.Item name="abilities" label={t('training.abilities')}>
          <Checkbox.Group options={ABILITIES.map((a) => ({ value: a, label: a }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
