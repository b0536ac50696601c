import { useFillOnOpen } from '../../lib/form-open';
import { Alert, App, Button, Checkbox, Descriptions, Form, InputNumber, Modal, Radio, Result, Select, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToday } from '../../lib/clock';
import { useNavigate, useParams } from 'react-router';
import { ATTENDANCE, ATTENDANCE_IMPORT_COLUMNS, type Course, type Enrolment } from '../../../../shared/contract/training';
import { STAGES } from '../../../../shared/contract/dossiers';
import { rpc } from '../../api/client';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { errorText } from '../../lib/errors';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { ExportButton } from '../../lib/ExportButton';
import { fileToBase64, importFileProblem } from '../../lib/download';
import { useSaver } from '../dossiers/RecordSection';
import { courseKind, dateRange, hoursDays, listText } from '../../lib/format';
import { stationBound as isStationBound } from '../../../../shared/domain/access';
import { importProblemText } from './words';

type Att = (typeof ATTENDANCE)[number] | null;

export default function CoursePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const nav = useNavigate();
  const q = useRpc('training.course', { id: id! });
  const [enrolOpen, setEnrolOpen] = useState(false);
  const today = useToday();
  if (q.isLoading) return <Spin />;
  if (!q.data) return <Result status="warning" title={t('errors.NOT_FOUND')} extra={<Button onClick={() => nav('/training')}>{t('common.back')}</Button>} />;
  const { course: c, enrolments, canEnrol, canManage } = q.data;
  return (
    <div data-testid="course-page">
      <div className="page-toolbar">
        <Button onClick={() => nav(-1)}>{t('common.back')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Tag color="blue">{courseKind(c)}</Tag>
        <span className="spacer" />
        {canEnrol && (
          <Button type="primary" onClick={() => setEnrolOpen(true)}>
            {t('training.enrol')}
          </Button>
        )}
        <Button onClick={() => nav(`/print/signin/${c.id}`)}>{t('training.printSignIn')}</Button>
        <ExportButton
          filename={t('training.signInTitle', { title: c.title })}
          sheet={t('training.signIn')}
          label={t('training.exportSignIn')}
          rows={enrolments.filter((e) => e.status === 'enrolled')}
          columns={[
            { header: t('training.seqNo'), value: (e: Enrolment) => enrolments.filter((x) => x.status === 'enrolled').indexOf(e) + 1 },
            { header: ATTENDANCE_IMPORT_COLUMNS.name, value: (e) => e.name },
            { header: ATTENDANCE_IMPORT_COLUMNS.office, value: (e) => e.officeName, width: 24 },
            { header: t('cadres.post'), value: (e) => e.post },
            { header: t('training.signature'), value: () => '', width: 18 },
            { header: ATTENDANCE_IMPORT_COLUMNS.attendance, value: (e) => (e.attendance ? t(`training.attendanceOf.${e.attendance}`) : '') },
            { header: ATTENDANCE_IMPORT_COLUMNS.score, value: (e) => e.score },
          ]}
        />
        {canEnrol && <AttendanceImport course={c} disabled={c.startDate > today} />}
      </div>
      <Overfill course={c} canManage={canManage} />
      <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('training.dates')}>{dateRange(c.startDate, c.endDate)}</Descriptions.Item>
        <Descriptions.Item label={t('training.hours')}>{hoursDays(c)}</Descriptions.Item>
        <Descriptions.Item label={t('training.capacity')}>
          {c.capacity ? t('training.freeOf', { n: c.enrolled, cap: c.capacity }) : `${c.enrolled} · ${t('training.unlimited')}`}
          {c.waiting ? t('training.waitingCount', { n: c.waiting }) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('training.place')}>{c.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.instructor')}>{c.instructor ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.plan')}>{c.planTitle}</Descriptions.Item>
        <Descriptions.Item label={t('training.targetStages')}>{listText(c.targetStages.map((s) => t(`dossier.stages.${s}`))) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.targetPosts')}>{listText(c.targetPosts) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.abilities')}>{listText(c.abilities) || '—'}</Descriptions.Item>
      </Descriptions>
      <Roster course={c} enrolments={enrolments} canEnrol={canEnrol} />
      <EnrolModal course={c} open={enrolOpen} onClose={() => setEnrolOpen(false)} />
    </div>
  );
}

/**
 * Stations check the capacity against the enrolments they hold, so a sync can leave a county course
 * over-full; HR moves the latest enrolments without attendance to the waiting list.
 */
function Overfill({ course: c, canManage }: { course: Course; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const save = useSaver();
  if (c.capacity === null || c.enrolled <= c.capacity) return null;
  const over = c.enrolled - c.capacity;
  return (
    <Alert
      data-testid="overfill"
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('training.overfill', { n: c.enrolled, cap: c.capacity, over })}
      description={t('training.overfillWhy')}
      action={
        canManage && (
          <Button
            size="small"
            onClick={() =>
              modal.confirm({
                title: t('training.settleOverfill', { n: over }),
                content: t('training.settleOverfillHint'),
                okText: t('common.confirm'),
                cancelText: t('common.cancel'),
                onOk: async () => {
                  const r = await save('training.settleOverfill', { courseId: c.id });
                  void message.info(
                    r.stillOver
                      ? t('training.overfillPartly', { names: listText(r.moved), n: r.stillOver })
                      : t('training.overfillSettled', { names: listText(r.moved) }),
                  );
                },
              })
            }
          >
            {t('training.settleOverfill', { n: over })}
          </Button>
        )
      }
    />
  );
}

function Roster({ course: c, enrolments, canEnrol }: { course: Course; enrolments: Enrolment[]; canEnrol: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaver();
  const started = c.startDate <= useToday();
  const [draft, setDraft] = useState<Record<string, { attendance: Att; score: number | null }>>({});
  const value = (e: Enrolment) => draft[e.cadreId] ?? { attendance: e.attendance, score: e.score };
  const changed = Object.keys(draft);
  const enrolled = useMemo(() => enrolments.filter((e) => e.status === 'enrolled'), [enrolments]);
  const set = (e: Enrolment, v: Partial<{ attendance: Att; score: number | null }>) => setDraft((d) => ({ ...d, [e.cadreId]: { ...value(e), ...v } }));
  const editable = canEnrol && started;
  return (
    <div data-testid="course-roster">
      {canEnrol && !started && <Alert type="info" showIcon title={t('training.notStarted')} style={{ marginBottom: 8 }} />}
      {editable && (
        <Space style={{ marginBottom: 8 }}>
          <Button onClick={() => setDraft(Object.fromEntries(enrolled.map((e) => [e.cadreId, { ...value(e), attendance: 'attended' as Att }])))}>
            {t('training.allAttended')}
          </Button>
          <Button
            type="primary"
            disabled={!changed.length}
            onClick={async () => {
              await save(
                'training.attend',
                {
                  courseId: c.id,
                  records: changed.map((cadreId) => ({
                    cadreId,
                    attendance: draft[cadreId]!.attendance,
                    score: draft[cadreId]!.attendance === 'attended' ? draft[cadreId]!.score : null,
                  })),
                },
                t('training.attendanceSaved', { n: changed.length }),
              );
              setDraft({});
            }}
          >
            {t('training.saveAttendance')}
            {changed.length ? t('training.paren', { x: changed.length }) : ''}
          </Button>
        </Space>
      )}
      <Table<Enrolment>
        size="small"
        rowKey="id"
        dataSource={enrolments}
        pagination={false}
        rowClassName={(e) => (draft[e.cadreId] ? 'row-changed' : '')}
        columns={[
          { title: '#', width: 50, render: (_, e) => (e.status === 'enrolled' ? enrolled.indexOf(e) + 1 : '') },
          { title: t('cadres.name'), dataIndex: 'name', width: 100 },
          { title: t('cadres.office'), dataIndex: 'officeName', width: 160 },
          { title: t('cadres.post'), dataIndex: 'post', width: 130 },
          {
            title: t('common.status'),
            width: 110,
            render: (_, e) =>
              e.status === 'waiting' ? (
                <Tag color="orange">{t('training.waitingPlace', { n: e.waitingPlace })}</Tag>
              ) : (
                <Tag color="blue">{t('training.enrolled')}</Tag>
              ),
          },
          {
            title: t('training.attendance'),
            width: 250,
            render: (_, e) =>
              e.status !== 'enrolled' ? null : editable ? (
                <Radio.Group
                  size="small"
                  optionType="button"
                  value={value(e).attendance}
                  onChange={(ev) => set(e, { attendance: ev.target.value as Att })}
                  aria-label={`${e.name} ${t('training.attendance')}`}
                  options={ATTENDANCE.map((a) => ({ value: a, label: t(`training.attendanceOf.${a}`) }))}
                />
              ) : e.attendance ? (
                t(`training.attendanceOf.${e.attendance}`)
              ) : (
                <Typography.Text type="secondary">{t('training.notRecorded')}</Typography.Text>
              ),
          },
          {
            title: t('training.score'),
            width: 100,
            render: (_, e) =>
              editable && e.status === 'enrolled' ? (
                <InputNumber
                  size="small"
                  min={0}
                  max={100}
                  disabled={value(e).attendance !== 'attended'}
                  value={value(e).score}
                  onChange={(v) => set(e, { score: v ?? null })}
                  aria-label={`${e.name} ${t('training.score')}`}
                />
              ) : (
                (e.score ?? '')
              ),
          },
          { title: t('training.credited'), width: 80, render: (_, e) => (e.status === 'enrolled' ? e.creditedHours : '') },
          {
            title: t('common.actions'),
            width: 90,
            render: (_, e) =>
              canEnrol &&
              !e.attendance && (
                <ConfirmButton
                  label={t('training.unenrol')}
                  title={t('training.confirmUnenrol', { name: e.name })}
                  onConfirm={async () => {
                    const r = await save('training.unenrol', { id: e.id });
                    if (r.promoted) void message.info(t('training.promoted', { name: r.promoted }));
                  }}
                />
              ),
          },
        ]}
      />
    </div>
  );
}

function EnrolModal({ course: c, open, onClose }: { course: Course; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const save = useSaver();
  const stationBound = isStationBound(me!);
  const [mode, setMode] = useState<'bulk' | 'pick'>('bulk');
  const [form] = Form.useForm<{ officeId?: string; stage?: string; post?: string; cadreIds?: string[]; waitlist: boolean }>();
  useFillOnOpen(form, open, () => ({ waitlist: false, officeId: stationBound ? me!.officeId : undefined }));
  const offices = useRpc('offices.list', { includeInactive: false }, { enabled: open });
  const cadres = useRpc('cadres.list', {}, { enabled: open });
  const posts = [...new Set((cadres.data ?? []).map((x) => x.post).filter((p): p is string => !!p))];
  return (
    <Modal
      open={open}
      width={560}
      title={t('training.enrolTitle', { title: c.title })}
      okText={t('training.enrol')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const input =
          mode === 'bulk'
            ? { courseId: c.id, filter: { officeId: v.officeId, stage: v.stage as (typeof STAGES)[number] | undefined, post: v.post }, waitlist: v.waitlist }
            : { courseId: c.id, cadreIds: v.cadreIds ?? [], waitlist: v.waitlist };
        const r = await save('training.enrol', input, t('common.saved'));
        void message.info(t('training.enrolDone', { e: r.enrolled.length, w: r.waiting.length, s: r.skipped.length }));
        onClose();
      }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value as typeof mode)}
          optionType="button"
          options={[
            { value: 'bulk', label: t('training.enrolBulk') },
            { value: 'pick', label: t('training.enrolOne') },
          ]}
        />
        <Typography.Text type="secondary">{c.capacity ? t('training.freeOf', { n: c.enrolled, cap: c.capacity }) : t('training.unlimited')}</Typography.Text>
        <Form form={form} layout="vertical" name="enrol">
          {mode === 'bulk' ? (
            <>
              <Form.Item name="officeId" label={t('training.byOffice')}>
                <Select
                  allowClear
                  disabled={stationBound}
                  placeholder={t('hr.allOffices')}
                  options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                />
              </Form.Item>
              <Form.Item name="stage" label={t('training.byStage')}>
                <Select allowClear placeholder={t('common.all')} options={STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }))} />
              </Form.Item>
              <Form.Item name="post" label={t('training.byPost')}>
                <Select allowClear placeholder={t('common.all')} options={posts.map((p) => ({ value: p, label: p }))} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="cadreIds" label={t('training.people')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                mode="multiple"
                showSearch
                optionFilterProp="label"
                options={(cadres.data ?? [])
                  .filter((x) => x.status !== 'retired' && x.status !== 'transferred')
                  .map((x) => ({ value: x.id, label: t('training.nameOffice', { name: x.name, office: x.officeName }) }))}
              />
            </Form.Item>
          )}
          <Form.Item name="waitlist" valuePropName="checked">
            <Checkbox>{t('training.waitlist')}</Checkbox>
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}

function AttendanceImport({ course: c, disabled }: { course: Course; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaver();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{
    file: string;
    fileBase64: string;
    rows: number;
    errors: { row: number; reason: string; params: Record<string, string | number> }[];
  } | null>(null);
  async function load(file: File) {
    // The core reads the sheet with the same reader and limits as every other import.
    const problem = importFileProblem(t, file);
    if (problem) return void message.error(problem);
    setBusy(true);
    try {
      const fileBase64 = await fileToBase64(file);
      const r = await rpc('training.importAttendance', { courseId: c.id, fileBase64, commit: false });
      setReport({ file: file.name, fileBase64, rows: r.rows, errors: r.errors });
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Upload accept=".xlsx,.xls,.csv" showUploadList={false} disabled={disabled} beforeUpload={(f) => (void load(f), false)}>
        <Button loading={busy} disabled={disabled} title={disabled ? t('training.notStarted') : t('training.importHint')}>
          {t('training.importAttendance')}
        </Button>
      </Upload>
      <Modal
        open={!!report}
        width={640}
        title={t('training.importAttendance')}
        onCancel={() => setReport(null)}
        okText={t('training.importCommit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !report || report.errors.length > 0 }}
        onOk={async () => {
          const r = await save('training.importAttendance', { courseId: c.id, fileBase64: report!.fileBase64, commit: true }, t('common.saved'));
          if (r.errors.length) setReport({ ...report!, errors: r.errors });
          else {
            void message.success(t('training.imported', { n: r.saved }));
            setReport(null);
          }
        }}
        destroyOnHidden
      >
        {report && (
          <div data-testid="attendance-import-report">
            <Alert
              type={report.errors.length ? 'error' : 'success'}
              showIcon
              title={
                report.errors.length
                  ? t('training.importErrors', { file: report.file, n: report.errors.length })
                  : t('training.importOk', { file: report.file, n: report.rows })
              }
              description={t('training.importHint')}
              style={{ marginBottom: 8 }}
            />
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(r) => `${r.row}${r.reason}${JSON.stringify(r.params)}`}
                dataSource={report.errors}
                pagination={false}
                columns={[
                  { title: t('training.row'), dataIndex: 'row', width: 70 },
                  { title: t('training.problem'), render: (_, r) => importProblemText(r) },
                ]}
              />
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
