import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import { useNavigate } from 'react-router';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { useSaver } from '../dossiers/RecordSection';
import { dateRange } from '../../lib/format';
import { scopeText, targetText } from './outcomes';
import { d, OutcomeLines, useTermText } from './roster-parts';

/** A supervisor's page: assignments, the log and open follow-ups. */
export function SupervisorPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  const { can } = useAuth();
  const save = useSaver();
  const q = useRpc('roster.supervisor', { id });
  const targets = useRpc('roster.targets', {});
  const [assigning, setAssigning] = useState(false);
  const [logging, setLogging] = useState(false);
  const [af] = Form.useForm<{
    targetKind: 'zone' | 'station' | 'theme';
    targetId?: string;
    theme?: string;
    range: [Dayjs, Dayjs];
    goals: string;
    hoursPerMonth: number;
  }>();
  const [lf] = Form.useForm<{
    assignmentId: string;
    visitDate: Dayjs;
    findings: string;
    feedback?: string;
    followUp?: string;
    followStatus: 'none' | 'open' | 'done';
    hours: number;
  }>();
  const { modal } = App.useApp();
  const kind = Form.useWatch('targetKind', af);
  const termText = useTermText();
  if (!q.data) return null;
  const { supervisor: s, assignments, log } = q.data;
  const open = log.filter((l) => l.followStatus === 'open');
  return (
    <div data-testid="supervisor-page">
      <div className="page-toolbar">
        {can('roster.read') && <Button onClick={() => nav('/roster')}>{t('common.back')}</Button>}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('roster.supervisorOf', { name: s.name })}
        </Typography.Title>
        <Tag color={s.load.over ? 'red' : 'green'}>
          {t('roster.loadText', { a: s.load.assignments, ma: s.load.maxAssignments, h: s.load.hours, mh: s.load.maxHours })}
        </Tag>
      </div>
      <Typography.Paragraph>{t('roster.summary', { term: termText(s), duties: s.duties, scope: scopeText(t, s) })}</Typography.Paragraph>
      <Typography.Title level={5}>{t('roster.assignments')}</Typography.Title>
      {q.data.canManage && (
        <Button
          type="primary"
          style={{ marginBottom: 8 }}
          onClick={() => (af.resetFields(), af.setFieldsValue({ targetKind: 'zone', hoursPerMonth: 4 }), setAssigning(true))}
        >
          {t('roster.assign')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={assignments}
        data-testid="assignments"
        columns={[
          { title: t('roster.target'), render: (_, a) => targetText(t, a) },
          { title: t('dossier.period'), render: (_, a) => dateRange(a.startDate, a.endDate) },
          { title: t('roster.goals'), dataIndex: 'goals', ellipsis: true },
          { title: t('roster.hoursPerMonth'), dataIndex: 'hoursPerMonth', width: 100 },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('roster.logTitle', { open: t('roster.openFollowUpsN', { n: open.length }) })}
      </Typography.Title>
      {q.data.canLog && (
        <Button
          type="primary"
          style={{ marginBottom: 8 }}
          disabled={!assignments.length}
          onClick={() => (lf.resetFields(), lf.setFieldsValue({ visitDate: todayJs(), followStatus: 'none', hours: 2 }), setLogging(true))}
        >
          {t('roster.addLog')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={log}
        data-testid="log"
        columns={[
          { title: t('roster.visitDate'), dataIndex: 'visitDate', width: 110 },
          { title: t('roster.target'), render: (_, a) => targetText(t, a) },
          { title: t('roster.findings'), dataIndex: 'findings' },
          {
            title: t('roster.followUp'),
            render: (_, l) =>
              l.followUp ? (
                <>
                  {l.followUp} <Tag color={l.followStatus === 'open' ? 'orange' : 'green'}>{t(`roster.follow.${l.followStatus}`)}</Tag>
                </>
              ) : (
                '—'
              ),
          },
          ...(q.data.canLog
            ? [
                {
                  title: t('common.actions'),
                  width: 110,
                  render: (_: unknown, l: (typeof log)[number]) =>
                    l.followStatus === 'open' ? (
                      <Popconfirm
                        title={t('roster.confirmDone')}
                        okText={t('roster.markDone')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          save('roster.log', {
                            id: l.id,
                            assignmentId: l.assignmentId,
                            visitDate: l.visitDate,
                            findings: l.findings,
                            feedback: l.feedback,
                            followUp: l.followUp,
                            followStatus: 'done',
                            hours: l.hours,
                          })
                        }
                      >
                        <Button size="small" type="link">
                          {t('roster.markDone')}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={assigning}
        title={t('roster.assign')}
        onCancel={() => setAssigning(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        onOk={async () => {
          const v = await af.validateFields();
          const r = await save('roster.assign', {
            supervisorId: id,
            targetKind: v.targetKind,
            targetId: v.targetId ?? null,
            theme: v.theme ?? null,
            startDate: d(v.range[0])!,
            endDate: d(v.range[1])!,
            goals: v.goals,
            hoursPerMonth: v.hoursPerMonth,
          });
          if (r.warnings.length) modal.warning({ title: t('roster.overCap'), content: <OutcomeLines outcomes={r.warnings} /> });
          setAssigning(false);
        }}
      >
        <Form form={af} layout="vertical" name="assign">
          <Form.Item name="targetKind" label={t('roster.targetKind')}>
            <Select options={(['zone', 'station', 'theme'] as const).map((k) => ({ value: k, label: t(`roster.kinds.${k}`) }))} />
          </Form.Item>
          {kind === 'theme' ? (
            <Form.Item name="theme" label={t('roster.theme')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={40} />
            </Form.Item>
          ) : (
            <Form.Item name="targetId" label={t('roster.target')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={
                  kind === 'station'
                    ? (targets.data?.stations ?? []).map((o) => ({ value: o.id, label: o.name }))
                    : (targets.data?.zones ?? []).map((z) => ({ value: z.id, label: z.label }))
                }
              />
            </Form.Item>
          )}
          <Form.Item name="range" label={t('dossier.period')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="goals" label={t('roster.goals')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="hoursPerMonth" label={t('roster.hoursPerMonth')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1} max={200} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={logging}
        title={t('roster.addLog')}
        onCancel={() => setLogging(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        onOk={async () => {
          const v = await lf.validateFields();
          await save('roster.log', {
            assignmentId: v.assignmentId,
            visitDate: d(v.visitDate)!,
            findings: v.findings,
            feedback: v.feedback || null,
            followUp: v.followUp || null,
            followStatus: v.followStatus,
            hours: v.hours,
          });
          setLogging(false);
        }}
      >
        <Form form={lf} layout="vertical" name="log">
          <Form.Item name="assignmentId" label={t('roster.target')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={assignments.map((a) => ({ value: a.id, label: targetText(t, a) }))} />
          </Form.Item>
          <Form.Item name="visitDate" label={t('roster.visitDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="findings" label={t('roster.findings')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="feedback" label={t('roster.feedback')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="followUp" label={t('roster.followUp')}>
            <Input maxLength={1000} />
          </Form.Item>
          <Space>
            <Form.Item name="followStatus" label={t('roster.followStatus')}>
              <Select style={{ width: 140 }} options={(['none', 'open', 'done'] as const).map((k) => ({ value: k, label: t(`roster.follow.${k}`) }))} />
            </Form.Item>
            <Form.Item name="hours" label={t('roster.hours')}>
              <InputNumber min={0} max={24} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
