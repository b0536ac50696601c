import { App, Button, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { savePdf } from '../../api/client';
import { useRpc } from '../../api/hooks';

/** The printable sign-in sheet (签到表) of one course: enrolled cadres with a signature column. */
export default function SignInSheet() {
  const { t } = useTranslation();
  const { id } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const q = useRpc('training.course', { id: id! });
  if (q.isLoading) return <Spin fullscreen />;
  if (!q.data) return <Result status="warning" title={t('errors.NOT_FOUND')} extra={<Button onClick={() => nav(-1)}>{t('common.back')}</Button>} />;
  const { course: c, enrolments } = q.data;
  const rows = enrolments.filter((e) => e.status === 'enrolled');
  const title = t('training.signInTitle', { title: c.title });
  // A sheet per course day: one signature column per day, up to five; longer courses sign once.
  const days: string[] = [];
  for (let d = new Date(`${c.startDate}T00:00:00Z`); d.toISOString().slice(0, 10) <= c.endDate && days.length < 6; d = new Date(d.getTime() + 86_400_000))
    days.push(d.toISOString().slice(5, 10));
  const signCols = days.length <= 5 ? days : [t('training.signature')];
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <Space>
          <Button onClick={() => nav(-1)}>{t('common.back')}</Button>
          <Button
            type="primary"
            onClick={async () => {
              const r = await savePdf(title);
              if (r?.ok) void message.success(t('print.saved', { path: r.path }));
            }}
          >
            {t('print.pdf')}
          </Button>
          <Button onClick={() => window.print()}>{t('print.print')}</Button>
        </Space>
      </div>
      <article className="a4" data-testid="signin-sheet">
        <h1>{t('training.signIn')}</h1>
        <p className="a4-sub">{c.title}</p>
        <table className="a4-grid">
          <tbody>
            <tr>
              <th>{t('training.kind')}</th>
              <td>{c.subKind ? `${c.kindLabel}·${c.subKind}` : c.kindLabel}</td>
              <th>{t('training.dates')}</th>
              <td>{c.startDate === c.endDate ? c.startDate : `${c.startDate} 至 ${c.endDate}`}</td>
            </tr>
            <tr>
              <th>{t('training.place')}</th>
              <td>{c.place ?? ''}</td>
              <th>{t('training.instructor')}</th>
              <td>{c.instructor ?? ''}</td>
            </tr>
            <tr>
              <th>{t('training.hours')}</th>
              <td>
                {c.hours} 学时 · {c.days} 天{c.fullTime ? '（脱产）' : ''}
              </td>
              <th>{t('training.enrolled')}</th>
              <td>{rows.length} 人</td>
            </tr>
          </tbody>
        </table>
        <table className="a4-table signin-table">
          <thead>
            <tr>
              <th style={{ width: '8%' }}>序号</th>
              <th style={{ width: '14%' }}>姓名</th>
              <th>单位</th>
              <th style={{ width: '16%' }}>岗位</th>
              {signCols.map((s) => (
                <th key={s} style={{ width: `${Math.floor(36 / signCols.length)}%` }}>
                  {s === t('training.signature') ? s : `${s} 签名`}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => (
              <tr key={e.id}>
                <td>{i + 1}</td>
                <td>{e.name}</td>
                <td>{e.officeName}</td>
                <td>{e.post ?? ''}</td>
                {signCols.map((s) => (
                  <td key={s} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="signin-foot">
          应到 {rows.length} 人，实到 ____ 人，请假 ____ 人，缺席 ____ 人。<span style={{ marginLeft: '3em' }}>记录人：__________</span>
        </p>
      </article>
    </div>
  );
}
