import { CadreTraining } from '../training/CadreTraining';
import { Alert, Button, Card, Descriptions, Result, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRpc } from '../../api/hooks';
import { errorText } from '../../lib/errors';
import { outcomeText, retirementBasisText, stageBasisText, stageSettingsText } from './words';
import { Appraisals } from './AppraisalsTab';
import { Commitments } from './CommitmentsTab';
import { Declarations } from './DeclarationsTab';
import { Internships } from './InternshipsTab';
import { Mentoring } from './MentoringTab';
import { Merits } from './MeritsTab';
import { Plans } from './PlansTab';
import { Secondments } from './SecondmentsTab';

/** My dossier: the cadre linked to the signed-in account. */
export function MyDossier() {
  const { t } = useTranslation();
  const mine = useRpc('dossiers.mine', {});
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
  const q = useRpc('dossiers.get', { cadreId });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data)
    return (
      <Result
        status="warning"
        title={t('dossier.cannotOpen')}
        subTitle={q.error ? errorText(t, q.error) : undefined}
        extra={<Button onClick={() => nav(-1)}>{t('common.back')}</Button>}
      />
    );
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
          <Descriptions.Item label={t('cadres.leadershipPost')}>
            {c.leadershipPost ?? '—'}
            {c.sgf ? ` · ${t('cadres.sgf')} ${c.sgfDate ?? ''}` : ''}
          </Descriptions.Item>
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
                {stageBasisText(t, dos.stage)}{' '}
                <Typography.Text type="secondary">{t('dossier.withNote', { text: '', note: stageSettingsText(t, dos.stage) })}</Typography.Text>
              </span>
            ) : (
              t('dossier.noWorkStart')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('dossier.retirement')} span={4}>
            <span data-testid="retirement">
              {t('dossier.withNote', {
                text: dos.retirement.date,
                note: dos.retirement.monthsLeft >= 0 ? t('dossier.monthsLeft', { n: dos.retirement.monthsLeft }) : t('dossier.pastRetirement'),
              })}
              <Typography.Text type="secondary"> {retirementBasisText(t, c.gender, dos.retirement)}</Typography.Text>
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {dos.warnings.map((w) => (
        <Alert
          key={w.rule + JSON.stringify(w.params)}
          type="warning"
          showIcon
          title={outcomeText(t, w)}
          style={{ marginBottom: 8 }}
          data-testid={`warning-${w.rule}`}
        />
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
          {
            key: 'ranks',
            label: t('dossier.tabs.ranks'),
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={dos.ranks}
                columns={[
                  { title: t('cadres.rank'), dataIndex: 'rank' },
                  { title: t('dossier.startDate'), dataIndex: 'startDate' },
                  { title: t('roster.promoteRef'), dataIndex: 'decisionRef' },
                  { title: t('dossier.note'), dataIndex: 'note' },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
