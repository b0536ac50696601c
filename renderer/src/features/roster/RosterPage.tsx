import { useFillOnOpen } from '../../lib/form-open';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today, todayJs } from '../../lib/clock';
import { Link, useNavigate } from 'react-router';
import type { Output } from '../../../../shared/contract';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { SUPERVISION_THEMES } from '../../../../shared/contract/roster';
import { stationBound } from '../../../../shared/domain/access';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { dateRange } from '../../lib/format';
import { evidenceText } from '../training/words';
import { outcomesText, outcomeText, scopeText, spanText, targetText } from './outcomes';

type Sup = Output<'roster.supervisors'>[number];
type SL = Output<'roster.secondLine'>[number];
type El = Output<'roster.eligibility'>['rows'][number];
const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

export default function RosterPage() {
  const { t } = useTranslation();
  const [appointFor, setAppointFor] = useState<string | null | undefined>(undefined);
  return (
    <>
      <Tabs
        items={[
          { key: 'supervisors', label: t('roster.tabs.supervisors'), children: <Supervisors onAppoint={(id) => setAppointFor(id)} /> },
          { key: 'secondLine', label: t('roster.tabs.secondLine'), children: <SecondLine onOffer={(id) => setAppointFor(id)} /> },
          { key: 'eligibility', label: t('roster.tabs.eligibility'), children: <Eligibility /> },
        ]}
      />
      <AppointModal cadreId={appointFor} onClose={() => setAppointFor(undefined)} />
    </>
  );
}

function Supervisors({ onAppoint }: { onAppoint: (cadreId: string | null) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const q = useRpc('roster.supervisors', {});
  const termText = useTermText();
  const rows = q.data ?? [];
  return (
    <div data-testid="supervisors">
      <div className="page-toolbar">
        {can('roster.manage') && (
          <Button type="primary" onClick={() => onAppoint(null)}>
            {t('roster.appoint')}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton
          filename={t('roster.tabs.supervisors')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (r: Sup) => r.name },
            { header: t('cadres.office'), value: (r) => r.officeName },
            { header: t('roster.term'), value: (r) => termText(r) },
            { header: t('roster.scope'), value: (r) => scopeText(t, r), width: 40 },
            { header: t('roster.load'), value: (r) => t('roster.loadText', { a: r.load.assignments, ma: r.load.maxAssignments, h: r.load.hours, mh: r.load.maxHours }) },
            { header: t('roster.openFollowUps'), value: (r) => r.openFollowUps },
          ]}
        />
      </div>
      <Table<Sup>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('cadres.name'), render: (_, r) => <Link to={`/roster/supervisors/${r.id}`}>{r.name}</Link>, width: 90 },
          { title: '', width: 130, render: (_, r) => (r.sgf ? <Tag color="purple">{t('cadres.sgf')}</Tag> : null) },
          { title: t('roster.term'), render: (_, r) => termText(r), width: 220 },
          { title: t('roster.scope'), ellipsis: true, render: (_, r) => scopeText(t, r) },
          {
            title: t('roster.load'),
            width: 220,
            render: (_, r) => (
              <span title={t('roster.capVersions', { a: r.load.versions.assignments, h: r.load.versions.hours })}>
                <Tag color={r.load.over ? 'red' : 'green'}>{t('roster.loadText', { a: r.load.assignments, ma: r.load.maxAssignments, h: r.load.hours, mh: r.load.maxHours })}</Tag>
                {r.load.over && <Typography.Text type="danger">{t('roster.overCap')}</Typography.Text>}
              </span>
            ),
          },
          { title: t('roster.openFollowUps'), dataIndex: 'openFollowUps', width: 90 },
        ]}
      />
    </div>
  );
}

function AppointModal({ cadreId, onClose }: { cadreId: string | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [form] = Form.useForm<{ cadreId: string; range: [Dayjs, Dayjs | null]; duties: string; stations: string[]; zones: string[]; themes: string[] }>();
  const open = cadreId !== undefined;
  const cands = useRpc('roster.candidates', {}, { enabled: open });
  const targets = useRpc('roster.targets', {}, { enabled: open });
  useFillOnOpen(form, open, () => ({ cadreId: cadreId ?? undefined, range: [todayJs(), null], stations: [], zones: [], themes: [] }), cadreId);
  return (
    <Modal
      open={open}
      width={640}
      title={t('roster.appoint')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={async () => {
        const v = await form.validateFields();
        await save('roster.appoint', { cadreId: v.cadreId, startDate: d(v.range[0])!, endDate: d(v.range[1]), duties: v.duties, scope: { stations: v.stations ?? [], zones: v.zones ?? [], themes: v.themes ?? [] } });
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="appoint">
        <Form.Item name="cadreId" label={t('roster.cadre')} extra={t('roster.sgfFirst')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch optionFilterProp="label" options={(cands.data ?? []).map((c) => ({ value: c.cadreId, label: t('roster.candidateLabel', { name: c.name, office: c.officeName, why: t(`roster.why.${c.why === 'sgf' && c.sgfDate ? 'sgfOn' : c.why}`, { date: c.sgfDate, post: c.leadershipPost }) }) }))} />
        </Form.Item>
        <Form.Item name="range" label={t('roster.term')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
        <Form.Item name="duties" label={t('roster.duties')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="stations" label={t('roster.scopeStations')}>
          <Select mode="multiple" options={(targets.data?.stations ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="zones" label={t('roster.scopeZones')}>
          <Select mode="multiple" optionFilterProp="label" options={(targets.data?.zones ?? []).map((z) => ({ value: z.id, label: z.label }))} />
        </Form.Item>
        <Form.Item name="themes" label={t('roster.scopeThemes')}>
          <Select mode="tags" options={SUPERVISION_THEMES.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SecondLine({ onOffer }: { onOffer: (cadreId: string) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal } = App.useApp();
  const save = useSaver();
  const [all, setAll] = useState(false);
  const q = useRpc('roster.secondLine', { all });
  const [deferring, setDeferring] = useState<SL | null>(null);
  const [form] = Form.useForm<{ newDate: Dayjs; approver: string; decisionRef: string }>();
  const rows = q.data ?? [];
  const manage = can('roster.manage');
  return (
    <div data-testid="second-line">
      <div className="page-toolbar">
        <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
          {t('roster.showAll')}
        </Checkbox>
        <span className="spacer" />
        <ExportButton
          filename={t('roster.tabs.secondLine')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (r: SL) => r.name },
            { header: t('cadres.office'), value: (r) => r.officeName },
            { header: t('cadres.leadershipPost'), value: (r) => r.leadershipPost },
            { header: t('roster.age'), value: (r) => spanText(t, r.ageMonths, 'age') },
            { header: t('roster.date'), value: (r) => r.date },
            { header: t('roster.explanation'), value: (r) => outcomesText(t, r.basis), width: 60 },
          ]}
        />
      </div>
      <Table<SL>
        size="small"
        rowKey="cadreId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <Typography.Text>{outcomesText(t, r.basis)}</Typography.Text> }}
        columns={[
          { title: t('cadres.name'), render: (_, r) => <Link to={`/dossiers/${r.cadreId}`}>{r.name}</Link>, width: 90 },
          { title: t('cadres.office'), dataIndex: 'officeName', ellipsis: true },
          { title: t('cadres.post'), render: (_, r) => [r.post, r.leadershipPost].filter(Boolean).join(' · ') },
          { title: t('roster.age'), width: 120, render: (_, r) => spanText(t, r.ageMonths, 'age') },
          { title: t('roster.date'), width: 200, render: (_, r) => <>{r.date} {r.moved ? <Tag>{t('roster.moved')}</Tag> : r.deferred ? <Tag color="blue">{t('roster.deferred')}</Tag> : <Tag color={r.monthsLeft < 0 ? 'red' : 'orange'}>{r.monthsLeft < 0 ? t('roster.overdue') : t('dossier.monthsLeft', { n: r.monthsLeft })}</Tag>}</> },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 210,
                  render: (_: unknown, r: SL) =>
                    r.moved ? null : (
                      <Space size={0}>
                        <Button size="small" type="link" onClick={() => (setDeferring(r), form.resetFields())}>
                          {t('roster.defer')}
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            modal.confirm({
                              title: t('roster.move'),
                              content: t('roster.confirmMove', { name: r.name }),
                              onOk: async () => {
                                const res = await save('roster.moveToSecondLine', { cadreId: r.cadreId, date: today() });
                                if (res.offerSupervisor)
                                  modal.confirm({ title: t('roster.offerTitle'), content: t('roster.offer', { name: r.name }), okText: t('roster.appoint'), onOk: () => onOffer(r.cadreId) });
                              },
                            })
                          }
                        >
                          {t('roster.move')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={deferring !== null}
        title={t('roster.deferOf', { name: deferring?.name })}
        onCancel={() => setDeferring(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('roster.defer', { cadreId: deferring!.cadreId, date: today(), newDate: d(v.newDate)!, approver: v.approver, decisionRef: v.decisionRef });
          setDeferring(null);
        }}
      >
        <Typography.Paragraph type="secondary">{deferring && outcomesText(t, deferring.basis)}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="defer">
          <Form.Item name="newDate" label={t('roster.newDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="approver" label={t('roster.approver')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="decisionRef" label={t('roster.promoteRef')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function Eligibility() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const save = useSaver();
  const { modal } = App.useApp();
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [which, setWhich] = useState<'soon' | 'now' | 'all'>('soon');
  const [promoting, setPromoting] = useState<El | null>(null);
  const [pf] = Form.useForm<{ date: Dayjs; decisionRef: string; note?: string }>();
  useFillOnOpen(pf, !!promoting, () => ({ date: todayJs() }), promoting?.cadreId);
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('roster.eligibility', { officeId, months: 6 });
  const rows = (q.data?.rows ?? []).filter((r) => (which === 'now' ? r.eligibleToday : which === 'soon' ? r.withinMonths : true));
  const v = q.data?.versions;
  return (
    <div data-testid="eligibility">
      <div className="page-toolbar">
        {!stationBound(me!) && <Select allowClear placeholder={t('hr.allOffices')} style={{ width: 220 }} value={officeId} onChange={setOfficeId} options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />}
        <Select
          style={{ width: 200 }}
          value={which}
          onChange={setWhich}
          aria-label={t('roster.which')}
          options={[
            { value: 'soon', label: t('roster.whichSoon') },
            { value: 'now', label: t('roster.whichNow') },
            { value: 'all', label: t('roster.whichAll') },
          ]}
        />
        <Typography.Text type="secondary">{v && t('roster.rankVersions', { ladder: v.ladder, weak: v.weakYearsCount, blocks: v.incompetentBlocks, map: v.oldTitleMap })}</Typography.Text>
        <span className="spacer" />
        <ExportButton
          filename={t('roster.tabs.eligibility')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (r: El) => r.name },
            { header: t('cadres.office'), value: (r) => r.officeName },
            { header: t('roster.currentRank'), value: (r) => r.currentRank },
            { header: t('roster.nextRank'), value: (r) => r.nextRank },
            { header: t('roster.eligibleOn'), value: (r) => r.eligibleOn },
            { header: t('roster.eligibleToday'), value: (r) => (r.eligibleToday ? t('common.yes') : t('common.no')) },
            { header: t('roster.explanation'), value: (r) => outcomesText(t, r.criteria), width: 80 },
            { header: t('roster.training'), value: (r) => (r.training ? evidenceText(r.training) : ''), width: 60 },
          ]}
        />
      </div>
      <Table<El>
        size="small"
        rowKey="cadreId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (r) => (
            <ul className="criteria" data-testid={`criteria-${r.name}`}>
              {r.criteria.map((c, i) => (
                <li key={i} className={c.pass ? 'pass' : 'fail'}>
                  {outcomeText(t, c)}
                </li>
              ))}
              {r.training && (
                <li className={`evidence ${r.training.pass ? 'pass' : 'warn'}`} data-testid={`training-${r.name}`}>
                  {evidenceText(r.training)}
                </li>
              )}
            </ul>
          ),
        }}
        columns={[
          { title: t('cadres.name'), render: (_, r) => <Link to={`/dossiers/${r.cadreId}`}>{r.name}</Link>, width: 90 },
          { title: t('cadres.office'), dataIndex: 'officeName', ellipsis: true },
          { title: t('roster.currentRank'), dataIndex: 'currentRank', width: 130 },
          { title: t('roster.nextRank'), dataIndex: 'nextRank', width: 130 },
          { title: t('roster.eligibleOn'), dataIndex: 'eligibleOn', width: 110 },
          { title: t('roster.eligibleToday'), width: 100, render: (_, r) => (r.eligibleToday ? <Tag color="green">{t('roster.eligible')}</Tag> : <Tag>{t('roster.notYet')}</Tag>) },
          { title: t('roster.training'), width: 100, render: (_, r) => r.training && (r.training.pass ? <Tag color="green">{t('roster.trainingOk')}</Tag> : <Tag color="orange">{t('roster.trainingShort')}</Tag>) },
          ...(can('roster.manage')
            ? [
                {
                  title: t('common.actions'),
                  width: 140,
                  render: (_: unknown, r: El) =>
                    r.nextRank ? (
                      <Button size="small" type="link" onClick={() => setPromoting(r)}>
                        {t('roster.promote')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!promoting}
        title={promoting ? t('roster.promoteTitle', { name: promoting.name, rank: promoting.nextRank }) : ''}
        okText={t('roster.promote')}
        cancelText={t('common.cancel')}
        onCancel={() => setPromoting(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await pf.validateFields();
          const res = await save('roster.promote', { cadreId: promoting!.cadreId, rank: promoting!.nextRank!, date: v.date.format('YYYY-MM-DD'), decisionRef: v.decisionRef, note: v.note ?? null });
          setPromoting(null);
          if (res.warnings.length) modal.warning({ title: t('dossier.appraisal.warnings'), content: <OutcomeLines outcomes={res.warnings} /> });
        }}
      >
        <Form form={pf} layout="vertical" name="promote">
          <Form.Item name="date" label={t('roster.approvedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today()} />
          </Form.Item>
          <Form.Item name="decisionRef" label={t('roster.promoteRef')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input placeholder={t('roster.decisionRefHint')} maxLength={60} />
          </Form.Item>
          <Form.Item name="note" label={t('dossier.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** Warnings one a line. */
function OutcomeLines({ outcomes }: { outcomes: readonly RuleOutcome[] }) {
  const { t } = useTranslation();
  return outcomes.map((o, i) => <div key={i}>{outcomeText(t, o)}</div>);
}

/** A supervisor's term; one that stops at the statutory retirement date says so. */
function useTermText() {
  const { t } = useTranslation();
  return (s: { startDate: string; endDate: string | null; endsAtRetirement: boolean }) => `${dateRange(s.startDate, s.endDate)}${s.endsAtRetirement ? t('roster.atRetirement') : ''}`;
}

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
  const [af] = Form.useForm<{ targetKind: 'zone' | 'station' | 'theme'; targetId?: string; theme?: string; range: [Dayjs, Dayjs]; goals: string; hoursPerMonth: number }>();
  const [lf] = Form.useForm<{ assignmentId: string; visitDate: Dayjs; findings: string; feedback?: string; followUp?: string; followStatus: 'none' | 'open' | 'done'; hours: number }>();
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
        <Tag color={s.load.over ? 'red' : 'green'}>{t('roster.loadText', { a: s.load.assignments, ma: s.load.maxAssignments, h: s.load.hours, mh: s.load.maxHours })}</Tag>
      </div>
      <Typography.Paragraph>{t('roster.summary', { term: termText(s), duties: s.duties, scope: scopeText(t, s) })}</Typography.Paragraph>
      <Typography.Title level={5}>{t('roster.assignments')}</Typography.Title>
      {q.data.canManage && (
        <Button type="primary" style={{ marginBottom: 8 }} onClick={() => (af.resetFields(), af.setFieldsValue({ targetKind: 'zone', hoursPerMonth: 4 }), setAssigning(true))}>
          {t('roster.assign')}
        </Button>
      )}
      <Table size="small" rowKey="id" pagination={false} dataSource={assignments} data-testid="assignments" columns={[
        { title: t('roster.target'), render: (_, a) => targetText(t, a) },
        { title: t('dossier.period'), render: (_, a) => dateRange(a.startDate, a.endDate) },
        { title: t('roster.goals'), dataIndex: 'goals', ellipsis: true },
        { title: t('roster.hoursPerMonth'), dataIndex: 'hoursPerMonth', width: 100 },
      ]} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('roster.logTitle', { open: t('roster.openFollowUpsN', { n: open.length }) })}
      </Typography.Title>
      {q.data.canLog && (
        <Button type="primary" style={{ marginBottom: 8 }} disabled={!assignments.length} onClick={() => (lf.resetFields(), lf.setFieldsValue({ visitDate: todayJs(), followStatus: 'none', hours: 2 }), setLogging(true))}>
          {t('roster.addLog')}
        </Button>
      )}
      <Table size="small" rowKey="id" pagination={false} dataSource={log} data-testid="log" columns={[
        { title: t('roster.visitDate'), dataIndex: 'visitDate', width: 110 },
        { title: t('roster.target'), render: (_, a) => targetText(t, a) },
        { title: t('roster.findings'), dataIndex: 'findings' },
        { title: t('roster.followUp'), render: (_, l) => (l.followUp ? <>{l.followUp} <Tag color={l.followStatus === 'open' ? 'orange' : 'green'}>{t(`roster.follow.${l.followStatus}`)}</Tag></> : '—') },
        ...(q.data.canLog
          ? [{
              title: t('common.actions'),
              width: 110,
              render: (_: unknown, l: (typeof log)[number]) =>
                l.followStatus === 'open' ? (
                  <Popconfirm title={t('roster.confirmDone')} okText={t('roster.markDone')} cancelText={t('common.cancel')} onConfirm={() => save('roster.log', { id: l.id, assignmentId: l.assignmentId, visitDate: l.visitDate, findings: l.findings, feedback: l.feedback, followUp: l.followUp, followStatus: 'done', hours: l.hours })}>
                    <Button size="small" type="link">{t('roster.markDone')}</Button>
                  </Popconfirm>
                ) : null,
            }]
          : []),
      ]} />
      <Modal open={assigning} title={t('roster.assign')} onCancel={() => setAssigning(false)} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden onOk={async () => {
        const v = await af.validateFields();
        const r = await save('roster.assign', { supervisorId: id, targetKind: v.targetKind, targetId: v.targetId ?? null, theme: v.theme ?? null, startDate: d(v.range[0])!, endDate: d(v.range[1])!, goals: v.goals, hoursPerMonth: v.hoursPerMonth });
        if (r.warnings.length) modal.warning({ title: t('roster.overCap'), content: <OutcomeLines outcomes={r.warnings} /> });
        setAssigning(false);
      }}>
        <Form form={af} layout="vertical" name="assign">
          <Form.Item name="targetKind" label={t('roster.targetKind')}>
            <Select options={(['zone', 'station', 'theme'] as const).map((k) => ({ value: k, label: t(`roster.kinds.${k}`) }))} />
          </Form.Item>
          {kind === 'theme' ? (
            <Form.Item name="theme" label={t('roster.theme')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}><Input maxLength={40} /></Form.Item>
          ) : (
            <Form.Item name="targetId" label={t('roster.target')} rules={[{ required: true, message: t('common.required') }]}>
              <Select showSearch optionFilterProp="label" options={kind === 'station' ? (targets.data?.stations ?? []).map((o) => ({ value: o.id, label: o.name })) : (targets.data?.zones ?? []).map((z) => ({ value: z.id, label: z.label }))} />
            </Form.Item>
          )}
          <Form.Item name="range" label={t('dossier.period')} rules={[{ required: true, message: t('common.required') }]}><DatePicker.RangePicker /></Form.Item>
          <Form.Item name="goals" label={t('roster.goals')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.Item name="hoursPerMonth" label={t('roster.hoursPerMonth')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={1} max={200} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={logging} title={t('roster.addLog')} onCancel={() => setLogging(false)} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden onOk={async () => {
        const v = await lf.validateFields();
        await save('roster.log', { assignmentId: v.assignmentId, visitDate: d(v.visitDate)!, findings: v.findings, feedback: v.feedback || null, followUp: v.followUp || null, followStatus: v.followStatus, hours: v.hours });
        setLogging(false);
      }}>
        <Form form={lf} layout="vertical" name="log">
          <Form.Item name="assignmentId" label={t('roster.target')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={assignments.map((a) => ({ value: a.id, label: targetText(t, a) }))} />
          </Form.Item>
          <Form.Item name="visitDate" label={t('roster.visitDate')} rules={[{ required: true, message: t('common.required') }]}><DatePicker /></Form.Item>
          <Form.Item name="findings" label={t('roster.findings')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="feedback" label={t('roster.feedback')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="followUp" label={t('roster.followUp')}><Input maxLength={1000} /></Form.Item>
          <Space>
            <Form.Item name="followStatus" label={t('roster.followStatus')}>
              <Select style={{ width: 140 }} options={(['none', 'open', 'done'] as const).map((k) => ({ value: k, label: t(`roster.follow.${k}`) }))} />
            </Form.Item>
            <Form.Item name="hours" label={t('roster.hours')}><InputNumber min={0} max={24} /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
