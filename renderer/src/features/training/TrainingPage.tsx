import { useFillOnOpen } from '../../lib/form-open';
import { App, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, List, Modal, Row, Segmented, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { Calendar, DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { ABILITIES, COURSE_KINDS, DRILL_KINDS, PLAN_STATES, type Course, type Education, type TrainingPlan } from '../../../../shared/contract/training';
import { STAGES } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { courseKind, dateRange, hoursText, listText } from '../../lib/format';
import { today as todayNow, todayJs, useToday } from '../../lib/clock';
import { mondayOf } from '../../../../shared/domain/time';
import { COMMON_POSTS } from '../../../../shared/domain/training';
import { stationBound as isStationBound } from '../../../../shared/domain/access';
import { outcomesText, reasonsText, ruleText, shortfallText, versionsText } from './words';

type Row = Output<'training.compliance'>['rows'][number];
const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const STATUS_COLOR = { draft: 'default', approved: 'green', closed: 'purple' } as const;

export default function TrainingPage() {
  const { t } = useTranslation();
  const thisYear = Number(useToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const yearPicker = <Select style={{ width: 110 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('training.yearOf', { year: y }) }))} data-testid="training-year" />;
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'plans', label: t('training.tabs.plans'), children: <Plans year={year} yearPicker={yearPicker} /> },
        { key: 'courses', label: t('training.tabs.courses'), children: <Courses year={year} yearPicker={yearPicker} /> },
        { key: 'compliance', label: t('training.tabs.compliance'), children: <Compliance year={year} yearPicker={yearPicker} /> },
        { key: 'suggest', label: t('training.tabs.suggest'), children: <Suggestions /> },
        { key: 'education', label: t('training.tabs.education'), children: <EducationList /> },
      ]}
    />
  );
}

// ---- Plans -------------------------------------------------------------------------

function Plans({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
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
        expandable={{ expandedRowRender: (p) => <CourseTable planId={p.id} onEdit={manage && p.status !== 'closed' ? (c) => setCourseFor({ plan: p, course: c }) : undefined} />, expandRowByClick: false }}
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
                  <ConfirmButton title={t('training.confirmRemovePlan', { title: p.title })} okText={t('common.delete')} onConfirm={() => save('training.removePlan', { id: p.id })} />
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

// ---- Courses -----------------------------------------------------------------------

const dates = (c: { startDate: string; endDate: string }) => dateRange(c.startDate, c.endDate);

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

function CourseTable({ planId, year, onEdit }: { planId?: string; year?: number; onEdit?: (c: Course) => void }) {
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
          { title: t('training.kind'), width: 130, render: (_, c) => <Tag color={c.kind === 'drill' ? 'blue' : c.kind === 'initial' || c.kind === 'post' ? 'gold' : undefined}>{courseKind(c)}</Tag> },
          { title: t('training.courseTitle'), render: (_, c) => <Link to={`/training/courses/${c.id}`}>{c.title}</Link> },
          { title: t('training.hours'), dataIndex: 'hours', width: 60 },
          { title: t('training.days'), width: 70, render: (_, c) => `${c.days}${c.fullTime ? '' : '*'}` },
          { title: t('training.enrolled'), width: 110, render: (_, c) => (c.capacity ? `${c.enrolled}/${c.capacity}` : c.enrolled) + (c.waiting ? t('training.plusWaiting', { n: c.waiting }) : '') },
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
                      <ConfirmButton title={t('training.confirmRemoveCourse', { title: c.title })} okText={t('common.delete')} onConfirm={() => save('training.removeCourse', { id: c.id })} />
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

function Courses({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'list' | 'month' | 'week'>('list');
  return (
    <div data-testid="training-courses">
      <div className="page-toolbar">
        {view === 'list' && yearPicker}
        <Segmented value={view} onChange={(v) => setView(v as typeof view)} options={(['list', 'month', 'week'] as const).map((v) => ({ value: v, label: t(`training.view.${v}`) }))} />
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
    <div className={`course-chip kind-${c.kind}`} title={c.title + t('training.paren', { x: hoursText(c.hours) })} onClick={() => nav(`/training/courses/${c.id}`)}>
      {c.title}
    </div>
  );
}

function MonthView() {
  const [month, setMonth] = useState(todayJs);
  const q = useRpc('training.courses', { from: month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD'), to: month.endOf('month').add(7, 'day').format('YYYY-MM-DD') });
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
                    {courseKind(c)} · {hoursText(c.hours)}{c.place ? ` · ${c.place}` : ''}
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

// ---- Compliance --------------------------------------------------------------------

function Compliance({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const stationBound = isStationBound(me!);
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [onlyBehind, setOnlyBehind] = useState(false);
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('training.compliance', { year, officeId });
  const r = q.data;
  const rows = (r?.rows ?? []).filter((x) => !onlyBehind || !x.compliant);
  const check = (c: Row['initial'] | undefined) =>
    c ? <Tag color={c.status === 'done' ? 'green' : c.status === 'due' ? 'orange' : 'red'} title={ruleText(c)}>{c.status === 'done' ? t('training.reqDone') : c.status === 'due' ? t('training.reqDue', { date: c.deadline }) : t('training.reqMissing')}</Tag> : '—';
  return (
    <div data-testid="training-compliance">
      <div className="page-toolbar">
        {yearPicker}
        {!stationBound && <Select allowClear placeholder={t('hr.allOffices')} style={{ width: 220 }} value={officeId} onChange={setOfficeId} options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />}
        <Checkbox checked={onlyBehind} onChange={(e) => setOnlyBehind(e.target.checked)}>
          {t('training.onlyBehind')}
        </Checkbox>
        <span className="spacer" />
        <ExportButton
          filename={`${year} ${t('training.compliance')}`}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (x: Row) => x.name },
            { header: t('cadres.office'), value: (x) => x.officeName },
            { header: t('training.stage'), value: (x) => (x.stage ? t(`dossier.stages.${x.stage}`) : '') },
            { header: t('training.hours'), value: (x) => x.hours },
            { header: t('training.days2'), value: (x) => x.days },
            { header: t('training.fullTimeDays'), value: (x) => x.fullTimeDays },
            { header: t('training.initial'), value: (x) => (x.initial ? ruleText(x.initial) : ''), width: 40 },
            { header: t('training.postTraining'), value: (x) => outcomesText(x.postTraining), width: 40 },
            { header: t('common.status'), value: (x) => (x.compliant ? t('training.compliant') : t('training.behind')) },
            { header: t('training.shortfall'), value: (x) => shortfallText(x.shortfall), width: 30 },
          ]}
        />
      </div>
      {r && (
        <Typography.Paragraph type="secondary" data-testid="training-rules">
          {t('training.requirement', { h: r.rules.minHours, d: r.rules.minDays, f: r.rules.minFullTimeDays, i: r.rules.initialDays, p: r.rules.postTrainingMonths, v: versionsText(r.rules.versions) })}
        </Typography.Paragraph>
      )}
      {r && r.stations.length > 0 && (
        <Card size="small" title={t('training.byStation')} style={{ marginBottom: 12 }} data-testid="training-chart">
          {r.stations.map((s) => (
            <div key={s.officeId} className="compliance-bar">
              <span className="compliance-name">{s.name}</span>
              <span className="compliance-track" title={`${t('training.compliant')} ${s.compliant} / ${s.total}`}>
                <span className="ok" style={{ width: `${(s.compliant / s.total) * 100}%` }} />
                <span className="behind" style={{ width: `${(s.behind / s.total) * 100}%` }} />
              </span>
              <span className="compliance-num">
                {t('training.compliant')} {s.compliant}/{s.total} · {t('training.avgHours')} {s.avgHours}
              </span>
            </div>
          ))}
        </Card>
      )}
      <Table<Row>
        size="small"
        rowKey="cadreId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (x) => <ul className="explain">{x.explanation.map((e, i) => <li key={i}>{ruleText(e)}</li>)}</ul> }}
        columns={[
          { title: t('cadres.name'), width: 90, render: (_, x) => <Link to={`/dossiers/${x.cadreId}`}>{x.name}</Link> },
          { title: t('cadres.office'), dataIndex: 'officeName', width: 150 },
          { title: t('training.stage'), width: 90, render: (_, x) => (x.stage ? t(`dossier.stages.${x.stage}`) : '—') },
          { title: t('training.hours'), dataIndex: 'hours', width: 70 },
          { title: t('training.days2'), dataIndex: 'days', width: 60 },
          { title: t('training.fullTimeDays'), dataIndex: 'fullTimeDays', width: 80 },
          { title: t('training.initial'), width: 150, render: (_, x) => check(x.initial) },
          { title: t('training.postTraining'), width: 150, render: (_, x) => (x.postTraining.length ? x.postTraining.map((p) => <span key={p.deadline}>{check(p)}</span>) : '—') },
          { title: t('common.status'), width: 80, render: (_, x) => <Tag color={x.compliant ? 'green' : 'red'}>{x.compliant ? t('training.compliant') : t('training.behind')}</Tag> },
          {
            title: t('training.shortfall'),
            width: 260,
            render: (_, x) => [shortfallText(x.shortfall), x.initial?.status === 'missing' ? t('training.initialMissing') : '', x.postTraining.some((p) => p.status === 'missing') ? t('training.postMissing') : ''].filter(Boolean).join(t('training.sep')),
          },
        ]}
      />
    </div>
  );
}

// ---- Suggestions -------------------------------------------------------------------

function Suggestions() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { modal } = App.useApp();
  const save = useSaver();
  const stationBound = isStationBound(me!);
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [stage, setStage] = useState<(typeof STAGES)[number] | undefined>();
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('training.suggest', { officeId, stage });
  return (
    <div data-testid="training-suggest">
      <Typography.Paragraph type="secondary">{t('training.suggestHint')}</Typography.Paragraph>
      <div className="page-toolbar">
        {!stationBound && <Select allowClear placeholder={t('hr.allOffices')} style={{ width: 220 }} value={officeId} onChange={setOfficeId} options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />}
        <Select allowClear placeholder={t('training.byStage')} style={{ width: 160 }} value={stage} onChange={setStage} options={STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }))} />
      </div>
      {!q.isLoading && !q.data?.length && <Empty description={t('training.noSuggestions')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(q.data ?? []).map((s) => (
          <Card
            key={s.courseId}
            size="small"
            title={
              <Space>
                <Link to={`/training/courses/${s.courseId}`}>{s.title}</Link>
                <Tag>{courseKind(s)}</Tag>
                <Typography.Text type="secondary">
                  {dates(s)} · {hoursText(s.hours)}
                </Typography.Text>
                {s.full && <Tag color="red">{t('training.full')}</Tag>}
              </Space>
            }
            extra={
              can('training.enrol') && (
                <Button
                  size="small"
                  onClick={() =>
                    modal.confirm({
                      title: t('training.enrolThese', { n: s.cadres.length }),
                      content: listText(s.cadres.map((c) => c.name)),
                      okText: t('common.confirm'),
                      cancelText: t('common.cancel'),
                      onOk: () => save('training.enrol', { courseId: s.courseId, cadreIds: s.cadres.map((c) => c.cadreId), waitlist: true }),
                    })
                  }
                >
                  {t('training.enrolThese', { n: s.cadres.length })}
                </Button>
              )
            }
          >
            <List
              size="small"
              dataSource={s.cadres.slice(0, 12)}
              renderItem={(c) => (
                <List.Item>
                  <Space>
                    <Link to={`/dossiers/${c.cadreId}`}>{c.name}</Link>
                    <Typography.Text type="secondary">{c.officeName}</Typography.Text>
                    <span>{reasonsText(c.reasons)}</span>
                  </Space>
                </List.Item>
              )}
              footer={s.cadres.length > 12 ? <Typography.Text type="secondary">{t('common.total', { n: s.cadres.length })}</Typography.Text> : undefined}
            />
          </Card>
        ))}
      </Space>
    </div>
  );
}

// ---- In-service education ----------------------------------------------------------

function EducationList() {
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
            { header: t('training.reward'), value: (e) => (e.reward ? [e.rewardAmount !== null ? t('training.yuan', { n: e.rewardAmount }) : '', e.rewardRef ?? ''].filter(Boolean).join(t('common.listSep')) : '') },
          ]}
        />
      </div>
      <EducationTable rows={rows} loading={q.isLoading} onEdit={can('training.manage') ? setEditing : undefined} showName />
      <EducationModal record={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

export function EducationTable({ rows, loading, onEdit, showName }: { rows: Education[]; loading?: boolean; onEdit?: (e: Education) => void; showName?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<Education>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={false}
      columns={[
        ...(showName ? [{ title: t('cadres.name'), width: 90, render: (_: unknown, e: Education) => <Link to={`/dossiers/${e.cadreId}`}>{e.name}</Link> }, { title: t('cadres.office'), dataIndex: 'officeName', width: 150 }] : []),
        { title: t('training.institution'), dataIndex: 'institution' },
        { title: t('training.degree'), dataIndex: 'degree', width: 130 },
        { title: t('training.major'), dataIndex: 'major', width: 120 },
        { title: t('training.started'), dataIndex: 'startDate', width: 110 },
        { title: t('training.completed'), width: 120, render: (_, e) => (e.completed ? <Tag color="green">{e.completedOn}</Tag> : <Tag>{t('training.studying')}</Tag>) },
        { title: t('training.reward'), width: 220, render: (_, e) => (e.reward ? [e.rewardAmount !== null ? t('training.yuan', { n: e.rewardAmount }) : '', e.rewardRef ?? ''].filter(Boolean).join(t('common.listSep')) : '—') },
        ...(onEdit ? [{ title: t('common.actions'), width: 70, render: (_: unknown, e: Education) => <Button size="small" type="link" onClick={() => onEdit(e)}>{t('common.edit')}</Button> }] : []),
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
    () => (record ? { ...record, startDate: dayjs(record.startDate), endDate: record.endDate ? dayjs(record.endDate) : null, completedOn: record.completedOn ? dayjs(record.completedOn) : null } : { cadreId, completed: false, reward: false }),
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
          <Select showSearch optionFilterProp="label" options={(cadres.data ?? []).map((c) => ({ value: c.id, label: t('training.nameOffice', { name: c.name, office: c.officeName }) }))} />
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
