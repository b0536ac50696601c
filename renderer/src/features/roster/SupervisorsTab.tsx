import { Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { scopeText } from './outcomes';
import { useTermText } from './roster-parts';

type Sup = Output<'roster.supervisors'>[number];

export function Supervisors({ onAppoint }: { onAppoint: (cadreId: string | null) => void }) {
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
            {
              header: t('roster.load'),
              value: (r) => t('roster.loadText', { a: r.load.assignments, ma: r.load.maxAssignments, h: r.load.hours, mh: r.load.maxHours }),
            },
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
                <Tag color={r.load.over ? 'red' : 'green'}>
                  {t('roster.loadText', { a: r.load.assignments, ma: r.load.maxAssignments, h: r.load.hours, mh: r.load.maxHours })}
                </Tag>
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
