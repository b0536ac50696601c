import { Alert, App, Button, Card, Col, Descriptions, Empty, List, Popconfirm, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRpc, useRpcMutation } from '../../api/hooks';

import { useAuth } from '../../app/auth';
import { formatInstant, useToday } from '../../lib/clock';
import { fileSize } from '../../lib/format';
import { shortfallText } from '../training/words';

/** Each role's home: its own to-do list, and a chart where a picture reads better than numbers. */
export default function HomePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <>
      <Card title={t('home.welcome', { name: me!.displayName })} style={{ marginBottom: 16 }} data-testid="home">
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('home.office')}>{me!.officeName}</Descriptions.Item>
          <Descriptions.Item label={t('home.role')}>
            <Tag color="blue">{t(`roles.${me!.role}`)}</Tag>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {me!.role === 'chief' && <ChiefHome />}
      {me!.role === 'hr' && <HrHome />}
      {me!.role === 'staff' && <StaffHome />}
      {me!.role === 'admin' && <AdminHome />}
    </>
  );
}

/** One to-do line: what, how many, where to go. */
function Todo({ label, n, to, testId, danger }: { label: string; n: number | undefined; to: string; testId: string; danger?: boolean }) {
  return (
    <List.Item
      data-testid={`todo-${testId}`}
      extra={<Link to={to}>{n === undefined ? '…' : <Tag color={n ? (danger ? 'red' : 'orange') : 'green'}>{n}</Tag>}</Link>}
    >
      <Link to={to}>{label}</Link>
    </List.Item>
  );
}

function TodoCard({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('home.todo')}>
      <List size="small">{children}</List>
    </Card>
  );
}

/** Horizontal bars, longest first, with an optional threshold line. */
function Bars({
  rows,
  max,
  threshold,
  testId,
}: {
  rows: { label: string; value: number; warn?: boolean }[];
  max?: number;
  threshold?: number;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
  const top = Math.max(max ?? 0, threshold ?? 0, ...rows.map((r) => r.value), 1);
  return (
    <div className="home-bars" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.label} className={`home-bar${r.warn ? ' warn' : ''}`}>
          <span className="home-bar-label" title={r.label}>
            {r.label}
          </span>
          <span className="home-bar-track">
            <span className="home-bar-fill" style={{ width: `${(r.value / top) * 100}%` }} />
            {threshold !== undefined && <span className="home-bar-threshold" style={{ left: `${(threshold / top) * 100}%` }} />}
          </span>
          <span className="home-bar-value">{r.value}</span>
        </div>
      ))}
    </div>
  );
}

function ChiefHome() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const officeId = me!.officeId;
  const load = useRpc('zones.load', { officeId });
  const sups = useRpc('roster.supervisors', {});
  const training = useRpc('training.warnings', { officeId });
  const dash = useRpc('hr.dashboard', { officeId });
  const openFollowUps = sups.data?.reduce((n, s) => n + s.openFollowUps, 0);
  const rows = (load.data?.rows ?? []).filter((r) => r.zones > 0).sort((a, b) => b.businesses - a.businesses);
  return (
    <Row gutter={16}>
      <Col span={10}>
        <TodoCard>
          <Todo testId="unowned" label={t('home.chief.unowned')} n={load.data?.unownedZones.length} to="/zones" danger />
          <Todo testId="followups" label={t('home.chief.followUps')} n={openFollowUps} to="/roster" />
          <Todo testId="training" label={t('home.chief.training')} n={training.data?.length} to="/training" />
          <Todo testId="commitments" label={t('home.chief.commitments')} n={dash.data?.commitmentsUnreviewed.length} to="/dossiers" />
        </TodoCard>
      </Col>
      <Col span={14}>
        <Card size="small" title={t('home.chief.load', { n: load.data?.threshold ?? '…' })}>
          <Bars
            testId="home-load"
            threshold={load.data?.threshold}
            rows={rows.map((r) => ({
              label: t('home.chief.ownerZones', { name: r.name, n: r.zones }),
              value: r.businesses,
              warn: r.warnings.includes('over_threshold'),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}

function HrHome() {
  const { t } = useTranslation();
  const dash = useRpc('hr.dashboard', {});
  const training = useRpc('training.warnings', {});
  const d = dash.data;
  const overdue = d?.nearRetirement.filter((r) => r.overdue).length;
  return (
    <Row gutter={16}>
      <Col span={10}>
        <TodoCard>
          {overdue ? <Todo testId="overdue" label={t('home.hr.overdueRetirement')} n={overdue} to="/dossiers" danger /> : null}
          <Todo testId="retirement" label={t('home.hr.nearRetirement')} n={d ? d.nearRetirement.length - (overdue ?? 0) : undefined} to="/dossiers" />
          <Todo testId="plans" label={t('hr.plansDue')} n={d?.plansDue.length} to="/dossiers" />
          <Todo testId="commitments" label={t('hr.commitmentsUnreviewed')} n={d?.commitmentsUnreviewed.length} to="/dossiers" />
          <Todo testId="declarations" label={t('hr.openDeclarations')} n={d?.openDeclarations.length} to="/dossiers" />
          <Todo testId="recruits" label={t('hr.recruitsWithoutInternship')} n={d?.recruitsWithoutInternship.length} to="/dossiers" />
          <Todo testId="training" label={t('home.chief.training')} n={training.data?.length} to="/training" />
        </TodoCard>
      </Col>
      <Col span={14}>
        <Card size="small" title={t('home.hr.stages')}>
          <Bars
            testId="home-stages"
            rows={(d?.byStage ?? []).map((s) => ({ label: s.stage ? t(`dossier.stages.${s.stage}`) : t('hr.noStage'), value: s.count }))}
          />
        </Card>
      </Col>
    </Row>
  );
}

function StaffHome() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const year = Number(useToday().slice(0, 4));
  const zones = useRpc('zones.list', { officeId: me!.officeId });
  const mine = (zones.data ?? []).filter((z) => me!.cadreId && z.owner?.cadreId === me!.cadreId);
  const deputy = (zones.data ?? []).filter((z) => me!.cadreId && z.deputies.some((d) => d.cadreId === me!.cadreId));
  const dossier = useRpc('dossiers.get', { cadreId: me!.cadreId ?? '' }, { enabled: !!me!.cadreId });
  const training = useRpc('training.cadre', { cadreId: me!.cadreId ?? '' }, { enabled: !!me!.cadreId });
  const commitment = dossier.data?.commitments.find((c) => c.year === year);
  const thisYear = training.data?.years.find((y) => y.year === year);
  if (!me!.cadreId) return <Typography.Paragraph type="secondary">{t('home.staff.noCadre')}</Typography.Paragraph>;
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card size="small" title={t('home.staff.zones', { n: mine.length })} data-testid="home-my-zones">
          <List
            size="small"
            dataSource={[...mine.map((z) => ({ z, role: 'owner' as const })), ...deputy.map((z) => ({ z, role: 'deputy' as const }))]}
            locale={{ emptyText: t('home.staff.noZones') }}
            renderItem={({ z, role }) => (
              <List.Item extra={t('home.staff.businesses', { n: z.businessCount, u: z.unlicensedCount })}>
                <Link to="/zones">{`${z.code} ${z.name}`}</Link> <Tag>{role === 'owner' ? t('zones.roleOwner') : t('zones.roleDeputy')}</Tag>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col span={12}>
        <TodoCard>
          <List.Item
            data-testid="todo-commitment"
            extra={
              <Link to="/my-dossier">
                {commitment ? (
                  commitment.reviewedOn ? (
                    <Tag color="green">{t('home.staff.reviewed')}</Tag>
                  ) : (
                    <Tag color="orange">{t('dossier.commitment.notReviewed')}</Tag>
                  )
                ) : (
                  <Tag color="red">{t('home.staff.none')}</Tag>
                )}
              </Link>
            }
          >
            {t('home.staff.commitment', { year })}
          </List.Item>
          {commitment?.items.map((i, k) => (
            <List.Item key={k} style={{ paddingLeft: 24 }}>
              <Typography.Text type="secondary">{`${k + 1}. ${i.text}`}</Typography.Text>
            </List.Item>
          ))}
          <List.Item
            data-testid="todo-hours"
            extra={
              thisYear ? (
                <Tag color={thisYear.annualMet ? 'green' : 'orange'}>{thisYear.annualMet ? t('training.compliant') : shortfallText(thisYear.shortfall)}</Tag>
              ) : (
                '…'
              )
            }
          >
            {t('home.staff.hours', { year, h: thisYear?.hours ?? '…' })}
          </List.Item>
        </TodoCard>
      </Col>
    </Row>
  );
}

/**
 * Restores this desk refused at a start (a file staged by hand, or a stamp that does not verify):
 * the audit log keeps them; the administrator sees them here until acknowledged.
 */
function RefusedRestores() {
  const { t } = useTranslation();
  const refused = useRpc('backup.refusedRestores', {});
  const { message } = App.useApp();
  const ack = useRpcMutation('backup.ackRefusedRestores', {
    onSuccess: (r) => {
      if (r.notRemoved) void message.error(t('home.admin.refusedNotRemoved', { n: r.notRemoved }));
      void message.success(r.removed ? t('home.admin.refusedAckedRemoved', { n: r.removed, size: fileSize(r.removedBytes) }) : t('home.admin.refusedAcked'));
    },
  });
  const all = refused.data ?? [];
  if (!all.length) return null;
  // Those not yet acknowledged are the alarm; copies acknowledged before but still on disk only a reminder.
  const open = all.filter((r) => !r.acknowledged);
  // Every entry is listed (the ones checked before are marked), so the delete's count can be read off the list.
  const rows = all;
  // The delete removes every copy still on disk, acknowledged before or not: the confirmation counts them all.
  const kept = all.filter((r) => r.size !== null);
  const keptBytes = kept.reduce((n, r) => n + (r.size ?? 0), 0);
  // Copies no audit row names come first (seq 0); the acknowledgement names a row, at least the first.
  const upTo = Math.max(1, all[all.length - 1]!.seq);
  return (
    <Col span={24} style={{ marginBottom: 16 }}>
      <Alert
        type={open.length ? 'error' : 'warning'}
        showIcon
        role="alert"
        data-testid="home-refused-restores"
        title={open.length ? t('home.admin.refusedTitle', { n: open.length }) : t('home.admin.refusedLeftTitle', { n: kept.length, size: fileSize(keptBytes) })}
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              {open.length ? t('home.admin.refusedIntro') : t('home.admin.refusedLeftIntro')}
            </Typography.Paragraph>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {rows.map((r) => (
                <li key={`${r.seq}-${r.setAside ?? ''}`} data-testid="home-refused-restore">
                  {r.acknowledged && r.seq > 0 && open.length > 0 ? `${t('home.admin.refusedCheckedBefore')} · ` : ''}
                  {formatInstant(r.at)} · {t(`home.admin.refusedReasons.${r.reason}`, { defaultValue: t('home.admin.refusedReasons.unknown') })}
                  {r.setAside
                    ? ` · ${r.size !== null ? t('home.admin.refusedSetAside', { file: r.setAside, size: fileSize(r.size) }) : t('home.admin.refusedSetAsideGone', { file: r.setAside })}`
                    : ''}
                </li>
              ))}
            </ul>
          </>
        }
        action={
          <Space direction="vertical">
            <Link to="/audit">{t('home.admin.refusedAudit')}</Link>
            {open.length > 0 && (
              <Button size="small" loading={ack.isPending} onClick={() => ack.mutate({ upTo })} data-testid="home-refused-ack">
                {t('home.admin.refusedAck')}
              </Button>
            )}
            {kept.length > 0 && (
              <Popconfirm
                title={t('home.admin.refusedRemoveConfirm', { n: kept.length, size: fileSize(keptBytes) })}
                description={t('home.admin.refusedRemoveNote')}
                okText={t('home.admin.refusedRemoveOk')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => ack.mutate({ upTo, removeFiles: true })}
              >
                <Button size="small" danger loading={ack.isPending} data-testid="home-refused-remove">
                  {t('home.admin.refusedRemove', { size: fileSize(keptBytes) })}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
    </Col>
  );
}

function AdminHome() {
  const { t } = useTranslation();
  const offices = useRpc('offices.list', { includeInactive: true });
  const users = useRpc('users.list', {});
  const stations = (offices.data ?? []).filter((o) => o.kind === 'station');
  const cadres = (offices.data ?? []).reduce((n, o) => n + o.cadreCount, 0);
  const locked = (users.data ?? []).filter((u) => u.lockedUntil).length;
  return (
    <Row gutter={16}>
      <RefusedRestores />
      <Col span={6}>
        <Card>
          <Statistic title={t('home.stations')} value={stations.length} loading={offices.isLoading} />
        </Card>
      </Col>
      <Col span={6}>
        <Card>
          <Statistic title={t('home.activeStations')} value={stations.filter((s) => s.active).length} loading={offices.isLoading} />
        </Card>
      </Col>
      <Col span={6}>
        <Card>
          <Statistic title={t('home.cadres')} value={cadres} loading={offices.isLoading} />
        </Card>
      </Col>
      <Col span={6}>
        <Card>
          <Statistic
            title={t('home.admin.users')}
            value={users.data?.length ?? 0}
            suffix={locked ? <Tag color="red">{t('home.admin.locked', { n: locked })}</Tag> : undefined}
            loading={users.isLoading}
          />
        </Card>
      </Col>
      <Col span={24} style={{ marginTop: 16 }}>
        <Card size="small" title={t('home.admin.cadresByStation')}>
          <Bars testId="home-stations" rows={stations.map((s) => ({ label: s.name, value: s.cadreCount }))} />
        </Card>
      </Col>
    </Row>
  );
}
