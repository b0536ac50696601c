import { Alert, App, Button, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { today } from '../../lib/clock';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ANCHOR_CODES, type Dossier, type Plan } from '../../../../shared/contract/dossiers';
import { hasNativePdf, savePdf } from '../../api/client';
import type { Output } from '../../../../shared/contract';
import { useRpc } from '../../api/hooks';
import { dateRange } from '../../lib/format';
import { shortfallText } from '../training/words';
import { gradeText, stageBasisText } from './words';

/** A clean A4 document: the whole dossier, or one career plan. */
export default function PrintView() {
  const { t } = useTranslation();
  const { kind, id } = useParams();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const q = useRpc('dossiers.get', { cadreId: id! });
  const training = useRpc('training.cadre', { cadreId: id! }, { enabled: kind !== 'plan' });
  if (q.isLoading || (kind !== 'plan' && training.isLoading)) return <Spin fullscreen />;
  if (!q.data) return <Result status="warning" title={t('dossier.cannotOpen')} extra={<Button onClick={() => nav(-1)}>{t('common.back')}</Button>} />;
  const dos = q.data;
  const plan = kind === 'plan' ? dos.plans.find((p) => p.id === params.get('plan')) : null;
  const title = plan ? t('print.planTitle') : t('print.dossierTitle');
  const fileName = `${dos.cadre.name} ${title}`;

  async function pdf() {
    const r = await savePdf(fileName);
    if (r?.ok) void message.success(t('print.saved', { path: r.path }));
  }

  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <Space>
          <Button onClick={() => nav(-1)}>{t('common.back')}</Button>
          <Button type="primary" onClick={() => void pdf()}>
            {t('print.pdf')}
          </Button>
          <Button onClick={() => window.print()}>{t('print.print')}</Button>
        </Space>
        {!hasNativePdf() && <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('print.browserPdf')} data-testid="browser-pdf-hint" />}
      </div>
      <article className="a4" data-testid="print-sheet">
        <h1>{title}</h1>
        <p className="a4-sub">
          {dos.cadre.officeName} · {dos.cadre.name} · {t('print.printedOn', { date: today() })}
        </p>
        <Basics dos={dos} />
        {plan ? <PlanBody plan={plan} /> : <WholeDossier dos={dos} training={training.data ?? null} />}
      </article>
    </div>
  );
}

function Basics({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const c = dos.cadre;
  const cells: [string, string][] = [
    [t('cadres.name'), c.name],
    [t('cadres.gender'), t(`cadres.${c.gender}`)],
    [t('cadres.birthDate'), c.birthDate],
    [t('cadres.idNumber'), c.idNumber ?? '—'],
    [t('cadres.office'), c.officeName],
    [t('cadres.post'), c.post ?? '—'],
    [t('cadres.rank'), c.rank ? `${c.rank}（${c.rankStart ?? ''}）` : '—'],
    [t('cadres.workStart'), c.workStart ?? '—'],
    [t('cadres.education'), c.education ?? '—'],
    [t('cadres.politics'), c.politics ?? '—'],
    [t('dossier.stage'), dos.stage ? `${t(`dossier.stages.${dos.stage.stage}`)}（${stageBasisText(t, dos.stage)}）` : '—'],
    [t('dossier.retirement'), `${dos.retirement.date}`],
  ];
  return (
    <table className="a4-grid">
      <tbody>
        {Array.from({ length: cells.length / 2 }, (_, r) => (
          <tr key={r}>{cells.slice(r * 2, r * 2 + 2).map(([k, v]) => [<th key={`${k}h`}>{k}</th>, <td key={k}>{v}</td>])}</tr>
        ))}
      </tbody>
    </table>
  );
}

function PlanBody({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const top = plan.anchorOverride ?? plan.anchorTop;
  return (
    <section>
      <h2>
        {t('dossier.plan.period')}：{plan.periodStart}–{plan.periodEnd}（{t(`dossier.plan.statuses.${plan.status}`)}）
      </h2>
      <h3>{t('dossier.plan.selfAssessment')}</h3>
      <p className="a4-text">{plan.selfAssessment ?? '—'}</p>
      <h3>{t('dossier.plan.survey')}</h3>
      {plan.anchorScores ? (
        <table className="a4-table">
          <thead>
            <tr>
              {ANCHOR_CODES.map((a) => (
                <th key={a}>{t(`dossier.anchors.${a}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {ANCHOR_CODES.map((a) => (
                <td key={a}>{plan.anchorScores![a]!.toFixed(1)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      ) : (
        <p>{t('dossier.plan.noScores')}</p>
      )}
      <p>
        {t('dossier.plan.top')}：{top ? t(`dossier.anchors.${top}`) : '—'}
        {plan.anchorOverride && `（${t('dossier.plan.overridden')}：${plan.overrideReason ?? ''}）`}
      </p>
      <h3>{t('dossier.plan.goals')}</h3>
      <table className="a4-grid">
        <tbody>
          <tr>
            <th>{t('dossier.plan.goal1')}</th>
            <td>{plan.goal1 ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('dossier.plan.goal3')}</th>
            <td>{plan.goal3 ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('dossier.plan.goal5')}</th>
            <td>{plan.goal5 ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('dossier.plan.preferredPosts')}</th>
            <td>{plan.preferredPosts ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('dossier.plan.trainingNeeds')}</th>
            <td>{plan.trainingNeeds ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <h3>{t('dossier.plan.review')}</h3>
      <p className="a4-text">{plan.reviewedOn ? `${plan.reviewComment ?? ''}（${plan.reviewer ?? ''}，${plan.reviewedOn}）` : t('dossier.plan.notReviewed')}</p>
    </section>
  );
}

function WholeDossier({ dos, training }: { dos: Dossier; training: Output<'training.cadre'> | null }) {
  const { t } = useTranslation();
  const table = (head: string[], rows: (string | number | null)[][]) =>
    rows.length ? (
      <table className="a4-table">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p className="a4-none">{t('print.none')}</p>
    );
  return (
    <>
      {dos.plans.map((p) => (
        <PlanBody key={p.id} plan={p} />
      ))}
      {dos.plans.length === 0 && (
        <section>
          <h2>{t('dossier.tabs.plans')}</h2>
          <p className="a4-none">{t('print.none')}</p>
        </section>
      )}
      <section>
        <h2>{t('dossier.tabs.commitments')}</h2>
        {table(
          [t('dossier.year'), t('dossier.commitment.items'), t('dossier.commitment.reviewed')],
          dos.commitments.map((c) => [
            c.year,
            c.items.map((i, k) => `${k + 1}. ${i.text}${i.result ? `（${t(`dossier.commitment.results.${i.result}`)}）` : ''}`).join('；'),
            c.reviewedOn,
          ]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.internships')}</h2>
        {table(
          [t('dossier.internship.post'), t('dossier.period'), t('dossier.internship.supervisor'), t('dossier.internship.evaluation')],
          dos.internships.map((i) => [i.post, dateRange(i.startDate, i.endDate), i.supervisor, i.evaluation]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.secondments')}</h2>
        {table(
          [t('dossier.secondment.kind'), t('dossier.secondment.hostOrg'), t('cadres.post'), t('dossier.period')],
          dos.secondments.map((s) => [t(`dossier.secondment.kinds.${s.kind}`), s.hostOrg, s.post, dateRange(s.startDate, s.endDate)]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.mentoring')}</h2>
        {table(
          [t('dossier.mentoring.mentor'), t('dossier.mentoring.mentee'), t('dossier.period'), t('dossier.mentoring.goals')],
          dos.mentoring.map((m) => [
            m.mentorName ?? t('dossier.mentoring.elsewhere'),
            m.menteeName ?? t('dossier.mentoring.elsewhere'),
            dateRange(m.startDate, m.endDate),
            m.goals,
          ]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.declarations')}</h2>
        {table(
          [t('dossier.declaration.submittedOn'), t('dossier.declaration.target'), t('dossier.declaration.decision')],
          dos.declarations.map((d) => [d.submittedOn, d.target, t(`dossier.declaration.decisions.${d.decision}`)]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.appraisals')}</h2>
        {table(
          [t('dossier.year'), t('dossier.appraisal.grade'), ...(dos.canSeePersonal ? [t('dossier.appraisal.comment')] : [])],
          dos.appraisals.map((a) => [a.year, gradeText(t, a.grade), ...(dos.canSeePersonal ? [a.comment] : [])]),
        )}
      </section>
      <section>
        <h2>{t('dossier.tabs.merits')}</h2>
        {table(
          [t('dossier.merit.date'), t('dossier.merit.kind'), t('dossier.merit.title')],
          dos.merits.map((m) => [m.date, t(`dossier.merit.kinds.${m.kind}`), m.title]),
        )}
      </section>
      <section>
        <h2>{t('print.ranks')}</h2>
        {table(
          [t('cadres.rank'), t('dossier.startDate'), t('roster.promoteRef'), t('dossier.note')],
          dos.ranks.map((r) => [r.rank, r.startDate, r.decisionRef, r.note]),
        )}
      </section>
      {training && (
        <section>
          <h2>{t('print.training')}</h2>
          <h3>{t('print.trainingYears')}</h3>
          {table(
            [t('dossier.year'), t('training.hours'), t('training.days2'), t('training.fullTimeDays'), t('training.status')],
            training.years.map((y) => [
              y.year,
              y.hours,
              y.days,
              y.fullTimeDays,
              y.compliant ? t('training.compliant') : `${t('training.behind')}：${shortfallText(y.shortfall)}`,
            ]),
          )}
          <h3>{t('print.trainingHistory')}</h3>
          {table(
            [t('dossier.period'), t('training.title'), t('training.kind'), t('training.attendance'), t('training.credited')],
            training.history
              .filter((h) => h.status === 'enrolled')
              .map((h) => [
                dateRange(h.startDate, h.endDate),
                h.title,
                h.kindLabel,
                h.attendance ? t(`training.attendanceOf.${h.attendance}`) : '—',
                h.creditedHours,
              ]),
          )}
        </section>
      )}
    </>
  );
}
