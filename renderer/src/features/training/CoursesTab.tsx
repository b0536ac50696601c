// The courses tab (list, month and week views) and the course form.
import { useFillOnOpen } from '../../lib/form-open';
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { Calendar, DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ABILITIES, COURSE_KINDS, DRILL_KINDS, type Course, type TrainingPlan } from '../../../../shared/contract/training';
import { STAGES } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { courseKind, hoursText } from '../../lib/format';
import { today as todayNow, todayJs, useToday } from '../../lib/clock';
import { mondayOf } from '../../../../shared/domain/time';
import { COMMON_POSTS } from '../../../../shared/domain/training';
import { d, dates } from './tab-helpers';

function courseColumns(t: (k: string) => string) {
  return [
    { header: t('training.dates'), value: (c: Course) => dates(c), width: 24 },
    { header: t('training.kind'), value: (c: Course) => courseKind(c) },
    { header: t('training.courseTitle'), value: (c: Course) => c.title, width: 36 },
    { header: t('training.hours'), value: (c: Course) => c.hours },
    { header: t('training.days'), value: (c: Course) => c.days },
    { header: t('training.fullTime'), value: (c: Course) => (c.fullTime ? t('common.yes') : t('common.no')) },
    { header: t('training.place'), value: (c: Course) => c.place },
    { header: t('training.instructor'), value: (c: Course) => c.instructor },
    { header: t('training.capacity'), value: (c: Course) => c.capacity ?? t('training.unlimited') },
    { header: t('training.enrolled'), value: (c: Course) => c.enrolled },
    { header: t('training.waiting'), value: (c: Course) => c.waiting },
    { header: t('training.plan'), value: (c: Course) => c.planTitle, width: 30 },
  ];
}

export function CourseTable({ planId, year, onEdit }: { planId?: string; year?: number; onEdit?: (c: Course) => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const q = useRpc('training.courses', { planId, year });
  const rows = q.data ?? [];
  return (
    <div data-testid={planId ? `plan-courses-${planId}` : 'course-list'}>
      <div className="page-toolbar">
        <span className="spacer" />
        <ExportButton filename={t('training.tabs.courses')} rows={rows} columns={courseColumns(t)} />
      </div>
      <Table<Course>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('training.dates'), width: 200, render: (_, c) => dates(c) },
          {
            title: t('training.kind'),
            width: 130,
            render: (_, c) => <Tag color={c.kind === 'drill' ? 'blue' : c.kind === 'initial' || c.kind === 'post' ? 'gold' : undefined}>{courseKind(c)}</Tag>,
          },
          { title: t('training.courseTitle'), render: (_, c) => <Link to={`/training/courses/${c.id}`}>{c.title}</Link> },
          { title: t('training.hours'), dataIndex: 'hours', width: 60 },
          { title: t('training.days'), width: 70, render: (_, c) => `${c.days}${c.fullTime ? '' : '*'}` },
          {
            title: t('training.enrolled'),
            width: 110,
            render: (_, c) => (c.capacity ? `${c.enrolled}/${c.capacity}` : c.enrolled) + (c.waiting ? t('training.plusWaiting', { n: c.waiting }) : ''),
          },
          { title: t('training.attended'), dataIndex: 'attended', width: 60 },
          ...(onEdit
            ? [
                {
                  title: t('common.actions'),
                  width: 120,
                  render: (_: unknown, c: Course) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => onEdit(c)}>
                        {t('common.edit')}
                      </Button>
                      <ConfirmButton
                        title={t('training.confirmRemoveCourse', { title: c.title })}
                        okText={t('common.delete')}
                        onConfirm={() => save('training.removeCourse', { id: c.id })}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Text type="secondary">{t('training.notFullTimeNote')}</Typography.Text>
    </div>
  );
}

export function CourseModal({ target, onClose }: { target: { plan: TrainingPlan; course: Course | null } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const c = target?.course;
  useFillOnOpen(
    form,
    !!target,
    () => {
      if (c) return { ...c, range: [dayjs(c.startDate), dayjs(c.endDate)] };
      // A new course starts today when the plan is this year's, else on the same day of the plan's year.
      const start = dayjs(`${target!.plan.year}-${todayNow().slice(5)}`);
      return { kind: 'drill', range: [start, start], hours: 4, days: 0.5, fullTime: true, targetStages: [], targetPosts: [], abilities: [] };
    },
    c?.id ?? target?.plan.id,
  );
  return (
    <Modal
      open={!!target}
      width={720}
      title={c ? t('training.editCourse') : t('training.newCourse')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const { range, ...rest } = v as { range: [Dayjs, Dayjs] } & Record<string, unknown>;
        await save('training.saveCourse', { ...(rest as object), id: c?.id, planId: target!.plan.id, startDate: d(range[0])!, endDate: d(range[1])! } as never);
        onClose();
      }}
    >
      <Form form={form} layout="vertical" name="training-course">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="kind" label={t('training.kind')} rules={[{ required: true }]}>
              <Select options={COURSE_KINDS.map((k) => ({ value: k, label: t(`training.kinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            {kind === 'drill' && (
              <Form.Item name="subKind" label={t('training.subKind')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={DRILL_KINDS.map((k) => ({ value: k, label: k }))} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="title" label={t('training.courseTitle')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="range" label={t('training.dates')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker.RangePicker />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="hours" label={t('training.hours')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} step={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="days" label={t('training.days')} tooltip={t('training.daysHint')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0.5} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="fullTime" label={t('training.fullTime')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={9}>
            <Form.Item name="place" label={t('training.place')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item name="instructor" label={t('training.instructor')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="capacity" label={t('training.capacity')}>
              <InputNumber min={1} placeholder={t('training.unlimited')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="targetStages" label={t('training.targetStages')}>
          <Checkbox.Group options={STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }))} />
        </Form.Item>
        <Form.Item name="targetPosts" label={t('training.targetPosts')}>
          <Select mode="tags" options={COMMON_POSTS.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item name="abilities" label={t('training.abilities')}>
          <Checkbox.Group options={ABILITIES.map((a) => ({ value: a, label: a }))} />
        </Form.Item>
        <Form.Item name="note" label={t('training.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function Courses({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'list' | 'month' | 'week'>('list');
  return (
    <div data-testid="training-courses">
      <div className="page-toolbar">
        {view === 'list' && yearPicker}
        <Segmented
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={(['list', 'month', 'week'] as const).map((v) => ({ value: v, label: t(`training.view.${v}`) }))}
        />
      </div>
      {view === 'list' && <CourseTable year={year} />}
      {view === 'month' && <MonthView />}
      {view === 'week' && <WeekView />}
    </div>
  );
}

const onDay = (c: Course, day: string) => c.startDate <= day && day <= c.endDate;

function CourseChip({ c }: { c: Course }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <div
      className={`course-chip kind-${c.kind}`}
      title={c.title + t('training.paren', { x: hoursText(c.hours) })}
      onClick={() => nav(`/training/courses/${c.id}`)}
    >
      {c.title}
    </div>
  );
}

function MonthView() {
  const [month, setMonth] = useState(todayJs);
  const q = useRpc('training.courses', {
    from: month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD'),
    to: month.endOf('month').add(7, 'day').format('YYYY-MM-DD'),
  });
  const rows = q.data ?? [];
  return (
    <Calendar
      value={month}
      onPanelChange={(v) => setMonth(v)}
      onSelect={(v, info) => info.source !== 'date' && setMonth(v)}
      cellRender={(v, info) => {
        if (info.type !== 'date') return info.originNode;
        const day = v.format('YYYY-MM-DD');
        return rows.filter((c) => onDay(c, day)).map((c) => <CourseChip key={c.id} c={c} />);
      }}
      data-testid="training-month"
    />
  );
}

function WeekView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const today = useToday();
  const [monday, setMonday] = useState(() => dayjs(mondayOf(today)));
  const days = Array.from({ length: 7 }, (_, i) => monday.add(i, 'day'));
  const q = useRpc('training.courses', { from: days[0]!.format('YYYY-MM-DD'), to: days[6]!.format('YYYY-MM-DD') });
  const rows = q.data ?? [];
  return (
    <div data-testid="training-week">
      <Space style={{ marginBottom: 8 }}>
        <Button onClick={() => setMonday(monday.subtract(7, 'day'))}>{t('training.prevWeek')}</Button>
        <Button onClick={() => setMonday(dayjs(mondayOf(today)))}>{t('training.thisWeek')}</Button>
        <Button onClick={() => setMonday(monday.add(7, 'day'))}>{t('training.nextWeek')}</Button>
        <Typography.Text strong>{t('training.weekOf', { from: days[0]!.format('YYYY-MM-DD'), to: days[6]!.format('YYYY-MM-DD') })}</Typography.Text>
      </Space>
      <div className="week-grid">
        {days.map((day) => {
          const key = day.format('YYYY-MM-DD');
          const list = rows.filter((c) => onDay(c, key));
          return (
            <div key={key} className={`week-day${key === today ? ' today' : ''}`}>
              <div className="week-day-head">
                {day.locale(lang === 'zh-CN' ? 'zh-cn' : 'en').format('ddd')} {day.format('MM-DD')}
              </div>
              {list.map((c) => (
                <div key={c.id}>
                  <CourseChip c={c} />
                  <div className="week-meta">
                    {courseKind(c)} · {hoursText(c.hours)}
                    {c.place ? ` · ${c.place}` : ''}
                  </div>
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
