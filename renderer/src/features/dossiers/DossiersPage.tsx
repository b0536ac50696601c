import { Alert, Card, Col, Row, Select, Statistic, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { listText } from '../../lib/format';
import { stationBound } from '../../../../shared/domain/access';
import { outcomeText } from './words';
import { CadreRegister } from './CadreRegister';
import { warningText } from '../training/words';

export default function DossiersPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      items={[
        { key: 'dashboard', label: t('hr.dashboard'), children: <HrDashboard /> },
        { key: 'register', label: t('cadres.registerTitle'), children: <CadreRegister /> },
      ]}
    />
  );
}

const name = (r: { cadreId: string; name: string }) => <Link to={`/dossiers/${r.cadreId}`}>{r.name}</Link>;

function HrDashboard() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const bound = stationBound(me!);
  const [officeId, setOfficeId] = useState<string | undefined>();
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('hr.dashboard', { officeId });
  const training = useRpc('training.warnings', { officeId }, { enabled: can('training.read') });
  const dash = q.data;
  // Lists with a row per cadre and year say how many people they are about.
  const countOf = (rows: object[]) => {
    const people = new Set(rows.map((r) => (r as { cadreId?: string }).cadreId)).size;
    return people < rows.length ? t('hr.rowsPeople', { n: rows.length, people }) : String(rows.length);
  };
  const total = dash?.byStage.reduce((n, s) => n + s.count, 0) ?? 0;
  const list = <R extends object>(
    key: string,
    title: string,
    rows: R[],
    columns: { title: string; render: (r: R) => React.ReactNode; value: (r: R) => string | number | null }[],
  ) => (
    <Card
      size="small"
      title={t('dossier.withNote', { text: title, note: countOf(rows) })}
      extra={<ExportButton filename={title} rows={rows} columns={columns.map((c) => ({ header: c.title, value: c.value }))} />}
      data-testid={`hr-${key}`}
    >
      <Table<R>
        size="small"
        rowKey={(r) => JSON.stringify(r)}
        dataSource={rows}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        columns={columns.map((c) => ({ title: c.title, render: (_: unknown, r: R) => c.render(r) }))}
      />
    </Card>
  );
  return (
    <div data-testid="hr-dashboard">
      <div className="page-toolbar">
        {!bound && (
          <Select
            allowClear
            placeholder={t('hr.allOffices')}
            style={{ width: 220 }}
            value={officeId}
            onChange={setOfficeId}
            options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
      </div>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {(dash?.byStage ?? []).map((s) => (
          <Col key={s.stage ?? 'none'} span={4}>
            <Card size="small">
              <Statistic title={s.stage ? t(`dossier.stages.${s.stage}`) : t('hr.noStage')} value={s.count} suffix={total ? `/ ${total}` : undefined} />
              <div className="stage-bar">
                <span style={{ width: `${total ? (s.count / total) * 100 : 0}%` }} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {dash?.quota
        .filter((x) => x.over)
        .map((x) => (
          <Alert
            key={x.officeId + x.year}
            type="warning"
            showIcon
            title={t('dossier.rules.excellentCap', {
              office: x.officeName,
              year: x.year,
              excellent: x.excellent,
              total: x.total,
              pct: Math.round(x.sharePct),
              cap: x.capPct,
              version: x.settingVersion,
            })}
            style={{ marginBottom: 8 }}
          />
        ))}
      {dash?.incompetentTwice.map((x) => (
        <Alert
          key={x.cadreId}
          type="error"
          showIcon
          title={t('hr.incompetentTwice', { name: x.name, office: x.officeName, years: listText(x.years.map(String)) })}
          style={{ marginBottom: 8 }}
        />
      ))}
      {dash && (
        <Row gutter={[12, 12]}>
          <Col span={12}>
            {list('plans', t('hr.plansDue'), dash.plansDue, [
              { title: t('cadres.name'), render: name, value: (r) => r.name },
              { title: t('cadres.office'), render: (r) => r.officeName, value: (r) => r.officeName },
              { title: t('hr.why'), render: (r) => outcomeText(t, r.why), value: (r) => outcomeText(t, r.why) },
            ])}
          </Col>
          <Col span={12}>
            {list('commitments', t('hr.commitmentsUnreviewed'), dash.commitmentsUnreviewed, [
              { title: t('cadres.name'), render: name, value: (r) => r.name },
              { title: t('cadres.office'), render: (r) => r.officeName, value: (r) => r.officeName },
              { title: t('dossier.year'), render: (r) => r.year, value: (r) => r.year },
            ])}
          </Col>
          <Col span={12}>
            {list('declarations', t('hr.openDeclarations'), dash.openDeclarations, [
              { title: t('cadres.name'), render: (r) => name({ cadreId: r.cadreId, name: r.cadreName }), value: (r) => r.cadreName },
              { title: t('dossier.declaration.target'), render: (r) => r.target, value: (r) => r.target },
              { title: t('dossier.declaration.submittedOn'), render: (r) => r.submittedOn, value: (r) => r.submittedOn },
              {
                title: t('dossier.declaration.decision'),
                render: (r) => <Tag>{t(`dossier.declaration.decisions.${r.decision}`)}</Tag>,
                value: (r) => t(`dossier.declaration.decisions.${r.decision}`),
              },
            ])}
          </Col>
          <Col span={12}>
            {list('recruits', t('hr.recruitsWithoutInternship'), dash.recruitsWithoutInternship, [
              { title: t('cadres.name'), render: name, value: (r) => r.name },
              { title: t('cadres.office'), render: (r) => r.officeName, value: (r) => r.officeName },
              { title: t('cadres.workStart'), render: (r) => r.workStart, value: (r) => r.workStart },
            ])}
          </Col>
          <Col span={12}>
            {list('retirement', t('hr.nearRetirement'), dash.nearRetirement, [
              { title: t('cadres.name'), render: name, value: (r) => r.name },
              { title: t('cadres.office'), render: (r) => r.officeName, value: (r) => r.officeName },
              {
                title: t('dossier.retirement'),
                render: (r) =>
                  r.overdue ? (
                    <Tag color="red">{t('dossier.withNote', { text: t('hr.overdueRetirement'), note: r.date })}</Tag>
                  ) : (
                    t('dossier.withNote', { text: r.date, note: t('dossier.monthsLeft', { n: r.monthsLeft }) })
                  ),
                value: (r) => (r.overdue ? t('dossier.withNote', { text: t('hr.overdueRetirement'), note: r.date }) : r.date),
              },
            ])}
          </Col>
          {training.data && (
            <Col span={24}>
              {list('training', `${t('training.warnings')} · ${t('training.warningsHint')}`, training.data, [
                { title: t('cadres.name'), render: name, value: (r) => r.name },
                { title: t('cadres.office'), render: (r) => r.officeName, value: (r) => r.officeName },
                { title: t('hr.why'), render: (r) => warningText(r), value: (r) => warningText(r) },
              ])}
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}
