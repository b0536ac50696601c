import { CadreTraining } from '../training/CadreTraining';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Result, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { afterToday, DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { thisYear, todayJs } from '../../lib/clock';
import { useNavigate, useParams } from 'react-router';
import { COMMITMENT_RESULTS, gradeKey, GRADES, MERIT_KINDS, type Commitment, type Dossier, type Plan } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { AnchorChart, PlanEditor } from './PlanEditor';
import { RecordSection, useSaver } from './RecordSection';
import { dateRange } from '../../lib/format';
import { gradeText, outcomeText, retirementBasisText, stageBasisText, stageSettingsText } from './words';

type Rec<K extends keyof Dossier> = Dossier[K] extends (infer R)[] ? R : never;
const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const dj = (s: string | null | undefined) => (s ? dayjs(s) : null);
const PLAN_COLORS = { draft: 'default', submitted: 'orange', reviewed: 'green' } as const;
const GRADE_COLORS = { excellent: 'green', competent: 'default', basic: 'orange', incompetent: 'red', ungraded: 'default' } as const;

/** My dossier: the cadre linked to the signed-in account. */
export function MyDossier() {
  const { t } = useTranslation();
  const mine = useRpc('dossier.mine', {});
  if (mine.isLoading) return <Spin />;
  if (!mine.data?.cadreId) return <Result status="info" title={t('dossier.notLinked')} subTitle={t('dossier.notLinkedHint')} />;
  return <DossierView cadreId={mine.data.cadreId} />;
}

export default function DossierPage() {
  const { id } = useParams();
  return <DossierView cadreId={id!} />;
}

function DossierView({ cadreId }: { cadreId: string }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  const q = useRpc('dossier.get', { cadreId });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Result status="warning" title={t('dossier.cannotOpen')} subTitle={(q.error as Error | null)?.message} extra={<Button onClick={() => nav(-1)}>{t('common.back')}</Button>} />;
  const dos = q.data;
  const c = dos.cadre;
  return (
    <div data-testid="dossier">
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dossier.titleOf', { name: c.name })}
        </Typography.Title>
        <Tag color={c.effectiveStatus === 'active' ? 'green' : 'orange'}>{t(`cadres.statuses.${c.effectiveStatus}`)}</Tag>
        {c.pastRetirement && <Tag color="red">{t('hr.overdueRetirement')}</Tag>}
        <span className="spacer" />
        <Button onClick={() => nav(`/print/dossier/${cadreId}`)}>{t('dossier.print')}</Button>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('cadres.office')}>{c.officeName}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.post')}>{c.post ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.rank')}>{c.rank ? t('dossier.withNote', { text: c.rank, note: c.rankStart ?? '' }) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.leadershipPost')}>{c.leadershipPost ?? '—'}{c.sgf ? ` · ${t('cadres.sgf')} ${c.sgfDate ?? ''}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.gender')}>{t(`cadres.${c.gender}`)}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.birthDate')}>{c.birthDate}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.idNumber')}>
            <span className="mono">{c.idNumber ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cadres.education')}>{[c.education, c.politics].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.workStart')}>{c.workStart ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cadres.joinDate')}>{c.joinDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dossier.stage')} span={2}>
            {dos.stage ? (
              <span data-testid="stage">
                <Tag color="cyan">{t(`dossier.stages.${dos.stage.stage}`)}</Tag>
                {stageBasisText(t, dos.stage)} <Typography.Text type="secondary">{t('dossier.withNote', { text: '', note: stageSettingsText(t, dos.stage) })}</Typography.Text>
              </span>
            ) : (
              t('dossier.noWorkStart')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('dossier.retirement')} span={4}>
            <span data-testid="retirement">
              {t('dossier.withNote', { text: dos.retirement.date, note: dos.retirement.monthsLeft >= 0 ? t('dossier.monthsLeft', { n: dos.retirement.monthsLeft }) : t('dossier.pastRetirement') })}
              <Typography.Text type="secondary"> {retirementBasisText(t, c.gender, dos.retirement)}</Typography.Text>
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {dos.warnings.map((w) => (
        <Alert key={w.rule + JSON.stringify(w.params)} type="warning" showIcon title={outcomeText(t, w)} style={{ marginBottom: 8 }} data-testid={`warning-${w.rule}`} />
      ))}
      <Tabs
        items={[
          { key: 'plans', label: t('dossier.tabs.plans'), children: <Plans dos={dos} /> },
          { key: 'commitments', label: t('dossier.tabs.commitments'), children: <Commitments dos={dos} /> },
          { key: 'declarations', label: t('dossier.tabs.declarations'), children: <Declarations dos={dos} /> },
          { key: 'internships', label: t('dossier.tabs.internships'), children: <Internships dos={dos} /> },
          { key: 'secondments', label: t('dossier.tabs.secondments'), children: <Secondments dos={dos} /> },
          { key: 'mentoring', label: t('dossier.tabs.mentoring'), children: <Mentoring dos={dos} /> },
          { key: 'appraisals', label: t('dossier.tabs.appraisals'), children: <Appraisals dos={dos} /> },
          { key: 'merits', label: t('dossier.tabs.merits'), children: <Merits dos={dos} /> },
          { key: 'training', label: t('dossier.tabs.training'), children: <CadreTraining cadreId={c.id} /> },
          { key: 'ranks', label: t('dossier.tabs.ranks'), children: <Table size="small" rowKey="id" pagination={false} dataSource={dos.ranks} columns={[{ title: t('cadres.rank'), dataIndex: 'rank' }, { title: t('dossier.startDate'), dataIndex: 'startDate' }, { title: t('roster.promoteRef'), dataIndex: 'decisionRef' }, { title: t('dossier.note'), dataIndex: 'note' }]} /> },
        ]}
      />
    </div>
  );
}

function Plans({ dos }: { dos: Dossier }) {
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
          { title: t('common.status'), dataIndex: 'status', render: (s: Plan['status']) => <Tag color={PLAN_COLORS[s]}>{t(`dossier.plan.statuses.${s}`)}</Tag> },
          { title: t('dossier.plan.top'), render: (_, p) => (p.anchorOverride ? t('dossier.withNote', { text: t(`dossier.anchors.${p.anchorOverride}`), note: t('dossier.plan.overridden') }) : p.anchorTop ? t(`dossier.anchors.${p.anchorTop}`) : '—') },
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
                      modal.confirm({ title: t('dossier.plan.submit'), content: t('dossier.plan.confirmSubmit'), onOk: () => save('dossier.submitPlan', { id: p.id }, t('dossier.plan.submitted')) })
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
        <Card size="small" title={t('dossier.plan.scoresOf', { period: `${current.periodStart}–${current.periodEnd}` })} style={{ marginTop: 12, maxWidth: 560 }}>
          <AnchorChart scores={current.anchorScores} top={current.anchorTop} />
          {current.reviewComment && <Alert style={{ marginTop: 8 }} type="success" title={t('dossier.labelled', { label: t('dossier.plan.reviewComment'), text: current.reviewComment })} />}
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
          await save('dossier.reviewPlan', { id: reviewing!.id, comment: v.comment, date: d(v.date)! }, t('dossier.plan.reviewed'));
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

function Commitments({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [reviewing, setReviewing] = useState<Commitment | null>(null);
  const editingId = useRef<string | null>(null);
  const [form] = Form.useForm<{ date: Dayjs; results: { result?: string; note?: string }[] }>();
  const resultLabel = (r: string | null) => (r ? t(`dossier.commitment.results.${r}`) : '—');
  return (
    <>
      <RecordSection<Commitment, { year: number; items: string }>
        testId="commitments"
        title={t('dossier.tabs.commitments')}
        addLabel={t('dossier.commitment.new')}
        rows={dos.commitments}
        canEdit={dos.canManage}
        removeMethod="dossier.removeCommitment"
        columns={[
          { title: t('dossier.year'), dataIndex: 'year', width: 80 },
          {
            title: t('dossier.commitment.items'),
            render: (_, c) => (
              <ol className="commit-items">
                {c.items.map((i, k) => (
                  <li key={k}>
                    {i.text} {i.result && <Tag color={i.result === 'met' ? 'green' : i.result === 'partly' ? 'orange' : 'red'}>{resultLabel(i.result)}</Tag>}
                    {i.note && <Typography.Text type="secondary">{i.note}</Typography.Text>}
                  </li>
                ))}
              </ol>
            ),
          },
          { title: t('dossier.commitment.reviewed'), width: 160, render: (_, c) => (c.reviewedOn ? `${c.reviewer ?? ''} ${c.reviewedOn}` : <Tag>{t('dossier.commitment.notReviewed')}</Tag>) },
        ]}
        extraActions={(c) =>
          dos.canManage && !c.reviewedOn ? (
            <Button size="small" type="link" onClick={() => (setReviewing(c), form.setFieldsValue({ date: todayJs(), results: c.items.map(() => ({})) }))}>
              {t('dossier.commitment.review')}
            </Button>
          ) : null
        }
        exportColumns={[
          { header: t('dossier.year'), value: (c) => c.year },
          { header: t('dossier.commitment.items'), value: (c) => c.items.map((i, k) => `${k + 1}. ${i.text}${i.result ? t('dossier.commitment.exportResult', { result: resultLabel(i.result) }) : ''}${i.note ? ` ${i.note}` : ''}`).join('\n'), width: 60 },
          { header: t('dossier.commitment.reviewed'), value: (c) => c.reviewedOn },
        ]}
        toForm={(c) => {
          editingId.current = c?.id ?? null;
          // One commitment a year: a new one starts in the first year without one.
          let year = thisYear();
          while (dos.commitments.some((x) => x.year === year)) year++;
          return c ? { year: c.year, items: c.items.map((i) => i.text).join('\n') } : { year, items: '' };
        }}
        fields={() => (
          <>
            <Form.Item
              name="year"
              label={t('dossier.year')}
              rules={[
                { required: true, message: t('common.required') },
                { validator: async (_, y: number) => (dos.commitments.some((x) => x.year === y && x.id !== editingId.current) ? Promise.reject(new Error(t('dossier.commitment.yearTaken', { year: y }))) : undefined) },
              ]}
            >
              <InputNumber min={1990} max={2100} />
            </Form.Item>
            <Form.Item name="items" label={t('dossier.commitment.items')} extra={t('dossier.commitment.itemsHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input.TextArea rows={6} />
            </Form.Item>
          </>
        )}
        save={(v, row) =>
          save('dossier.saveCommitment', {
            ...(row ? { id: row.id } : {}),
            cadreId: dos.cadre.id,
            year: v.year,
            items: v.items.split('\n').map((s) => s.trim()).filter(Boolean),
          })
        }
      />
      <Modal
        open={reviewing !== null}
        width={720}
        title={t('dossier.commitment.reviewOf', { year: reviewing?.year })}
        onCancel={() => setReviewing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('dossier.reviewCommitment', { id: reviewing!.id, date: d(v.date)!, results: v.results.map((r) => ({ result: r.result as 'met', note: r.note || null })) });
          setReviewing(null);
        }}
      >
        <Form form={form} layout="vertical" name="commitmentReview">
          {reviewing?.items.map((it, k) => (
            <Space key={k} align="start" style={{ display: 'flex' }}>
              <Form.Item label={`${k + 1}. ${it.text}`} name={['results', k, 'result']} rules={[{ required: true, message: t('common.required') }]} style={{ width: 380 }}>
                <Select aria-label={t('dossier.commitment.resultOf', { n: k + 1 })} options={COMMITMENT_RESULTS.map((r) => ({ value: r, label: resultLabel(r) }))} />
              </Form.Item>
              <Form.Item label={t('dossier.note')} name={['results', k, 'note']} style={{ width: 260 }}>
                <Input maxLength={500} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item name="date" label={t('dossier.commitment.reviewDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Declarations({ dos }: { dos: Dossier }) {
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
          { title: t('dossier.declaration.decision'), dataIndex: 'decision', width: 90, render: (x: string) => <Tag color={x === 'approved' ? 'green' : x === 'declined' ? 'red' : 'orange'}>{t(`dossier.declaration.decisions.${x}`)}</Tag> },
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
          await save('dossier.decide', { id: deciding!.id, decision: v.decision, date: d(v.date)!, note: v.note || null });
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

function DeclareButton({ cadreId }: { cadreId: string }) {
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
          await save('dossier.declare', { cadreId, ...v });
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

const dateRules = (t: (k: string) => string) => [{ required: true, message: t('common.required') }];

function Internships({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { post: string; place?: string; range: [Dayjs, Dayjs]; supervisor: string; evaluation?: string };
  return (
    <RecordSection<Rec<'internships'>, V>
      testId="internships"
      title={t('dossier.tabs.internships')}
      addLabel={t('dossier.internship.new')}
      rows={dos.internships}
      canEdit={dos.canManage}
      removeMethod="dossier.removeInternship"
      columns={[
        { title: t('dossier.internship.post'), dataIndex: 'post' },
        { title: t('dossier.internship.place'), dataIndex: 'place' },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        { title: t('dossier.internship.supervisor'), dataIndex: 'supervisor', width: 90 },
        { title: t('dossier.internship.evaluation'), dataIndex: 'evaluation', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.internship.post'), value: (r) => r.post },
        { header: t('dossier.internship.place'), value: (r) => r.place },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
        { header: t('dossier.internship.supervisor'), value: (r) => r.supervisor },
        { header: t('dossier.internship.evaluation'), value: (r) => r.evaluation, width: 40 },
      ]}
      toForm={(r) => (r ? { ...r, place: r.place ?? undefined, evaluation: r.evaluation ?? undefined, range: [dayjs(r.startDate), dayjs(r.endDate)] } : {})}
      fields={() => (
        <>
          <Form.Item name="post" label={t('dossier.internship.post')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="place" label={t('dossier.internship.place')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="range" label={t('dossier.period')} rules={dateRules(t)}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="supervisor" label={t('dossier.internship.supervisor')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="evaluation" label={t('dossier.internship.evaluation')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) =>
        save('dossier.saveInternship', { ...(row ? { id: row.id } : {}), cadreId: dos.cadre.id, post: v.post, place: v.place || null, startDate: d(v.range[0])!, endDate: d(v.range[1])!, supervisor: v.supervisor, evaluation: v.evaluation || null })
      }
    />
  );
}

function Secondments({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { kind: 'secondment' | 'rotation'; hostOrg: string; post: string; startDate: Dayjs; endDate?: Dayjs; note?: string };
  return (
    <RecordSection<Rec<'secondments'>, V>
      testId="secondments"
      title={t('dossier.tabs.secondments')}
      addLabel={t('dossier.secondment.new')}
      rows={dos.secondments}
      canEdit={dos.canManage}
      removeMethod="dossier.removeSecondment"
      columns={[
        { title: t('dossier.secondment.kind'), dataIndex: 'kind', width: 80, render: (k: string) => t(`dossier.secondment.kinds.${k}`) },
        { title: t('dossier.secondment.hostOrg'), dataIndex: 'hostOrg' },
        { title: t('cadres.post'), dataIndex: 'post' },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        { title: t('common.status'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="orange">{t('dossier.secondment.active')}</Tag> : null) },
      ]}
      exportColumns={[
        { header: t('dossier.secondment.kind'), value: (r) => t(`dossier.secondment.kinds.${r.kind}`) },
        { header: t('dossier.secondment.hostOrg'), value: (r) => r.hostOrg },
        { header: t('cadres.post'), value: (r) => r.post },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
      ]}
      toForm={(r) => (r ? { ...r, note: r.note ?? undefined, startDate: dayjs(r.startDate), endDate: dj(r.endDate) ?? undefined } : { kind: 'secondment' })}
      fields={() => (
        <>
          <Form.Item name="kind" label={t('dossier.secondment.kind')} rules={[{ required: true }]}>
            <Select options={(['secondment', 'rotation'] as const).map((x) => ({ value: x, label: t(`dossier.secondment.kinds.${x}`) }))} />
          </Form.Item>
          <Form.Item name="hostOrg" label={t('dossier.secondment.hostOrg')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="post" label={t('cadres.post')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Space>
            <Form.Item name="startDate" label={t('dossier.startDate')} rules={dateRules(t)}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endDate" label={t('dossier.endDate')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('dossier.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      )}
      save={(v, row) => save('dossier.saveSecondment', { ...(row ? { id: row.id } : {}), cadreId: dos.cadre.id, kind: v.kind, hostOrg: v.hostOrg, post: v.post, startDate: d(v.startDate)!, endDate: d(v.endDate), note: v.note || null })}
    />
  );
}

function Mentoring({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  const people = useRpc('cadres.list', { officeId: dos.cadre.officeId });
  type V = { mentorId: string; startDate: Dayjs; endDate?: Dayjs; goals: string; review?: string };
  return (
    <RecordSection<Rec<'mentoring'>, V>
      testId="mentoring"
      title={t('dossier.tabs.mentoring')}
      addLabel={t('dossier.mentoring.new')}
      rows={dos.mentoring}
      canEdit={dos.canManage}
      removeMethod="dossier.removeMentoring"
      columns={[
        { title: t('dossier.mentoring.mentor'), width: 90, render: (_, r) => r.mentorName ?? <Typography.Text type="secondary">{t('dossier.mentoring.elsewhere')}</Typography.Text> },
        { title: t('dossier.mentoring.mentee'), width: 90, render: (_, r) => r.menteeName ?? <Typography.Text type="secondary">{t('dossier.mentoring.elsewhere')}</Typography.Text> },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        { title: t('dossier.mentoring.goals'), dataIndex: 'goals', ellipsis: true },
        { title: t('dossier.mentoring.review'), dataIndex: 'review', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.mentoring.mentor'), value: (r) => r.mentorName ?? t('dossier.mentoring.elsewhere') },
        { header: t('dossier.mentoring.mentee'), value: (r) => r.menteeName ?? t('dossier.mentoring.elsewhere') },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
        { header: t('dossier.mentoring.goals'), value: (r) => r.goals, width: 40 },
        { header: t('dossier.mentoring.review'), value: (r) => r.review, width: 40 },
      ]}
      toForm={(r) => (r ? { mentorId: r.mentorId, goals: r.goals, review: r.review ?? undefined, startDate: dayjs(r.startDate), endDate: dj(r.endDate) ?? undefined } : {})}
      fields={() => (
        <>
          <Form.Item name="mentorId" label={t('dossier.mentoring.mentor')} rules={[{ required: true, message: t('common.required') }]}>
            <Select showSearch optionFilterProp="label" options={[
                ...(people.data ?? []).filter((p) => p.id !== dos.cadre.id).map((p) => ({ value: p.id, label: p.post ? t('dossier.withNote', { text: p.name, note: p.post }) : p.name })),
                // A mentor who moved to another station stays selectable for the pair they already form.
                ...[...new Set(dos.mentoring.filter((m) => m.mentorName === null).map((m) => m.mentorId))].map((id) => ({ value: id, label: t('dossier.mentoring.elsewhere') })),
              ]}
            />
          </Form.Item>
          <Space>
            <Form.Item name="startDate" label={t('dossier.startDate')} rules={dateRules(t)}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endDate" label={t('dossier.endDate')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="goals" label={t('dossier.mentoring.goals')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="review" label={t('dossier.mentoring.review')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) => save('dossier.saveMentoring', { ...(row ? { id: row.id } : {}), cadreId: dos.cadre.id, mentorId: v.mentorId, startDate: d(v.startDate)!, endDate: d(v.endDate), goals: v.goals, review: v.review || null })}
    />
  );
}

function Appraisals({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const save = useSaver();
  type V = { year: number; grade: (typeof GRADES)[number]; comment?: string };
  return (
    <RecordSection<Rec<'appraisals'>, V>
      testId="appraisals"
      title={t('dossier.tabs.appraisals')}
      addLabel={t('dossier.appraisal.new')}
      rows={dos.appraisals}
      canEdit={dos.canManage}
      removeMethod="dossier.removeAppraisal"
      columns={[
        { title: t('dossier.year'), dataIndex: 'year', width: 80 },
        { title: t('dossier.appraisal.grade'), dataIndex: 'grade', width: 100, render: (g: V['grade']) => <Tag color={GRADE_COLORS[gradeKey(g)]}>{gradeText(t, g)}</Tag> },
        ...(dos.canSeePersonal ? [{ title: t('dossier.appraisal.comment'), dataIndex: 'comment', ellipsis: true }] : []),
      ]}
      exportColumns={[
        { header: t('dossier.year'), value: (r) => r.year },
        { header: t('dossier.appraisal.grade'), value: (r) => gradeText(t, r.grade) },
        ...(dos.canSeePersonal ? [{ header: t('dossier.appraisal.comment'), value: (r: Rec<'appraisals'>) => r.comment, width: 40 }] : []),
      ]}
      toForm={(r) => (r ? { year: r.year, grade: r.grade, comment: r.comment ?? undefined } : { year: thisYear() - 1 })}
      fields={() => (
        <>
          <Form.Item name="year" label={t('dossier.year')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1990} max={thisYear()} />
          </Form.Item>
          <Form.Item name="grade" label={t('dossier.appraisal.grade')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={GRADES.map((g) => ({ value: g, label: gradeText(t, g) }))} />
          </Form.Item>
          {dos.canSeePersonal && (
            <Form.Item name="comment" label={t('dossier.appraisal.comment')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
        </>
      )}
      save={async (v, row) => {
        const r = await save('dossier.saveAppraisal', { ...(row ? { id: row.id } : {}), cadreId: dos.cadre.id, year: v.year, grade: v.grade, comment: v.comment || null });
        if (r.warnings.length) modal.warning({ title: t('dossier.appraisal.warnings'), content: r.warnings.map((w) => outcomeText(t, w)).join('\n') });
        else void message.info(t('dossier.appraisal.noWarnings'));
      }}
    />
  );
}

function Merits({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { kind: (typeof MERIT_KINDS)[number]; date: Dayjs; title: string; detail?: string };
  return (
    <RecordSection<Rec<'merits'>, V>
      testId="merits"
      title={t('dossier.tabs.merits')}
      addLabel={t('dossier.merit.new')}
      rows={dos.merits}
      canEdit={dos.canManage}
      removeMethod="dossier.removeMerit"
      columns={[
        { title: t('dossier.merit.date'), dataIndex: 'date', width: 110 },
        { title: t('dossier.merit.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag color={k === 'sanction' ? 'red' : k === 'reward' ? 'gold' : 'blue'}>{t(`dossier.merit.kinds.${k}`)}</Tag> },
        { title: t('dossier.merit.title'), dataIndex: 'title' },
        { title: t('dossier.merit.detail'), dataIndex: 'detail', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.merit.date'), value: (r) => r.date },
        { header: t('dossier.merit.kind'), value: (r) => t(`dossier.merit.kinds.${r.kind}`) },
        { header: t('dossier.merit.title'), value: (r) => r.title, width: 30 },
        { header: t('dossier.merit.detail'), value: (r) => r.detail, width: 40 },
      ]}
      toForm={(r) => (r ? { kind: r.kind, title: r.title, detail: r.detail ?? undefined, date: dayjs(r.date) } : { kind: 'performance', date: todayJs() })}
      fields={() => (
        <>
          <Form.Item name="kind" label={t('dossier.merit.kind')} rules={[{ required: true }]}>
            <Select options={MERIT_KINDS.map((k) => ({ value: k, label: t(`dossier.merit.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="date" label={t('dossier.merit.date')} rules={dateRules(t)}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
          <Form.Item name="title" label={t('dossier.merit.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="detail" label={t('dossier.merit.detail')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) => save('dossier.saveMerit', { ...(row ? { id: row.id } : {}), cadreId: dos.cadre.id, kind: v.kind, date: d(v.date)!, title: v.title, detail: v.detail || null })}
    />
  );
}

