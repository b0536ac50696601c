// The in-service degrees tab, and the degree table and form the dossier's training tab reuses.
import { useFillOnOpen } from '../../lib/form-open';
import { Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, Table, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Education } from '../../../../shared/contract/training';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { d } from './tab-helpers';

export function EducationList() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const q = useRpc('training.education', {});
  const [editing, setEditing] = useState<Education | null | undefined>(undefined);
  const rows = q.data ?? [];
  return (
    <div data-testid="training-education">
      <div className="page-toolbar">
        {can('training.manage') && (
          <Button type="primary" onClick={() => setEditing(null)}>
            {t('training.newEducation')}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton
          filename={t('training.education')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (e: Education) => e.name },
            { header: t('cadres.office'), value: (e) => e.officeName },
            { header: t('training.institution'), value: (e) => e.institution },
            { header: t('training.degree'), value: (e) => e.degree },
            { header: t('training.major'), value: (e) => e.major },
            { header: t('training.started'), value: (e) => e.startDate },
            { header: t('training.completedOn'), value: (e) => e.completedOn },
            {
              header: t('training.reward'),
              value: (e) =>
                e.reward
                  ? [e.rewardAmount !== null ? t('training.yuan', { n: e.rewardAmount }) : '', e.rewardRef ?? ''].filter(Boolean).join(t('common.listSep'))
                  : '',
            },
          ]}
        />
      </div>
      <EducationTable rows={rows} loading={q.isLoading} onEdit={can('training.manage') ? setEditing : undefined} showName />
      <EducationModal record={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

export function EducationTable({
  rows,
  loading,
  onEdit,
  showName,
}: {
  rows: Education[];
  loading?: boolean;
  onEdit?: (e: Education) => void;
  showName?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table<Education>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={false}
      columns={[
        ...(showName
          ? [
              { title: t('cadres.name'), width: 90, render: (_: unknown, e: Education) => <Link to={`/dossiers/${e.cadreId}`}>{e.name}</Link> },
              { title: t('cadres.office'), dataIndex: 'officeName', width: 150 },
            ]
          : []),
        { title: t('training.institution'), dataIndex: 'institution' },
        { title: t('training.degree'), dataIndex: 'degree', width: 130 },
        { title: t('training.major'), dataIndex: 'major', width: 120 },
        { title: t('training.started'), dataIndex: 'startDate', width: 110 },
        {
          title: t('training.completed'),
          width: 120,
          render: (_, e) => (e.completed ? <Tag color="green">{e.completedOn}</Tag> : <Tag>{t('training.studying')}</Tag>),
        },
        {
          title: t('training.reward'),
          width: 220,
          render: (_, e) =>
            e.reward
              ? [e.rewardAmount !== null ? t('training.yuan', { n: e.rewardAmount }) : '', e.rewardRef ?? ''].filter(Boolean).join(t('common.listSep'))
              : '—',
        },
        ...(onEdit
          ? [
              {
                title: t('common.actions'),
                width: 70,
                render: (_: unknown, e: Education) => (
                  <Button size="small" type="link" onClick={() => onEdit(e)}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

export function EducationModal({ record, cadreId, onClose }: { record: Education | null | undefined; cadreId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [form] = Form.useForm();
  const completed = Form.useWatch('completed', form) as boolean | undefined;
  const reward = Form.useWatch('reward', form) as boolean | undefined;
  const cadres = useRpc('cadres.list', {}, { enabled: record !== undefined && !cadreId });
  useFillOnOpen(
    form,
    record !== undefined,
    () =>
      record
        ? {
            ...record,
            startDate: dayjs(record.startDate),
            endDate: record.endDate ? dayjs(record.endDate) : null,
            completedOn: record.completedOn ? dayjs(record.completedOn) : null,
          }
        : { cadreId, completed: false, reward: false },
    record?.id,
  );
  return (
    <Modal
      open={record !== undefined}
      title={t('training.newEducation')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await save('training.saveEducation', { ...v, id: record?.id, startDate: d(v.startDate)!, endDate: d(v.endDate), completedOn: d(v.completedOn) });
        onClose();
      }}
    >
      <Form form={form} layout="vertical" name="education">
        <Form.Item name="cadreId" label={t('training.people')} rules={[{ required: true, message: t('common.required') }]} hidden={!!cadreId}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(cadres.data ?? []).map((c) => ({ value: c.id, label: t('training.nameOffice', { name: c.name, office: c.officeName }) }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="institution" label={t('training.institution')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="degree" label={t('training.degree')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="major" label={t('training.major')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="startDate" label={t('training.started')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="endDate" label={t('training.ended')}>
              <DatePicker />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="completed" label={t('training.completed')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {completed && (
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="completedOn" label={t('training.completedOn')} rules={[{ required: true, message: t('common.required') }]}>
                <DatePicker />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="reward" label={t('training.reward')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        )}
        {completed && reward && (
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="rewardAmount" label={t('training.rewardAmount')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="rewardRef" label={t('training.rewardRef')} extra={t('training.rewardNeeds')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
