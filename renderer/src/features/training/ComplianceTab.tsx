// The hours tab: each cadre's hours against the requirement, by office.
import { Card, Checkbox, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { stationBound as isStationBound } from '../../../../shared/domain/access';
import { outcomesText, ruleText, shortfallText, versionsText } from './words';

type Row = Output<'training.compliance'>['rows'][number];

export function Compliance({ year, yearPicker }: { year: number; yearPicker: React.ReactNode }) {
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
    c ? (
      <Tag color={c.status === 'done' ? 'green' : c.status === 'due' ? 'orange' : 'red'} title={ruleText(c)}>
        {c.status === 'done' ? t('training.reqDone') : c.status === 'due' ? t('training.reqDue', { date: c.deadline }) : t('training.reqMissing')}
      </Tag>
    ) : (
      '—'
    );
  return (
    <div data-testid="training-compliance">
      <div className="page-toolbar">
        {yearPicker}
        {!stationBound && (
          <Select
            allowClear
            placeholder={t('hr.allOffices')}
            style={{ width: 220 }}
            value={officeId}
            onChange={setOfficeId}
            options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
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
          {t('training.requirement', {
            h: r.rules.minHours,
            d: r.rules.minDays,
            f: r.rules.minFullTimeDays,
            i: r.rules.initialDays,
            p: r.rules.postTrainingMonths,
            v: versionsText(r.rules.versions),
          })}
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
        expandable={{
          expandedRowRender: (x) => (
            <ul className="explain">
              {x.explanation.map((e, i) => (
                <li key={i}>{ruleText(e)}</li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('cadres.name'), width: 90, render: (_, x) => <Link to={`/dossiers/${x.cadreId}`}>{x.name}</Link> },
          { title: t('cadres.office'), dataIndex: 'officeName', width: 150 },
          { title: t('training.stage'), width: 90, render: (_, x) => (x.stage ? t(`dossier.stages.${x.stage}`) : '—') },
          { title: t('training.hours'), dataIndex: 'hours', width: 70 },
          { title: t('training.days2'), dataIndex: 'days', width: 60 },
          { title: t('training.fullTimeDays'), dataIndex: 'fullTimeDays', width: 80 },
          { title: t('training.initial'), width: 150, render: (_, x) => check(x.initial) },
          {
            title: t('training.postTraining'),
            width: 150,
            render: (_, x) => (x.postTraining.length ? x.postTraining.map((p) => <span key={p.deadline}>{check(p)}</span>) : '—'),
          },
          {
            title: t('common.status'),
            width: 80,
            render: (_, x) => <Tag color={x.compliant ? 'green' : 'red'}>{x.compliant ? t('training.compliant') : t('training.behind')}</Tag>,
          },
          {
            title: t('training.shortfall'),
            width: 260,
            render: (_, x) =>
              [
                shortfallText(x.shortfall),
                x.initial?.status === 'missing' ? t('training.initialMissing') : '',
                x.postTraining.some((p) => p.status === 'missing') ? t('training.postMissing') : '',
              ]
                .filter(Boolean)
                .join(t('training.sep')),
          },
        ]}
      />
    </div>
  );
}
