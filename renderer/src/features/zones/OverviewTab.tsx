import { Alert, Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { listText } from '../../lib/format';
import { useRpc } from '../../api/hooks';
import { ExportButton } from '../../lib/ExportButton';

type Row = { officeId: string; officeName: string; zones: number; unownedZones: number; businesses: number; unassigned: number; unlicensed: number };

export function OverviewTab({ officeId, onDrill }: { officeId?: string; onDrill: (id: string) => void }) {
  const { t } = useTranslation();
  const ov = useRpc('zones.overview', { officeId });
  const zones = useRpc('zones.list', { officeId });
  const unowned = (zones.data ?? []).filter((z) => !z.owner);
  const rows = ov.data?.stations ?? [];
  const unassigned = rows.filter((r) => r.unassigned > 0);
  const unassignedTotal = unassigned.reduce((n, r) => n + r.unassigned, 0);
  return (
    <>
      {unassignedTotal > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="unassigned-alert"
          title={t('zones.unassignedAlert', {
            n: unassignedTotal,
            names: listText(unassigned.map((r) => t('zones.unassignedStation', { station: r.officeName, n: r.unassigned }))),
          })}
        />
      )}
      {unowned.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('zones.unownedAlert', {
            n: unowned.length,
            names: listText(unowned.map((z) => t('zones.zoneOfStation', { station: z.officeName, zone: z.name }))),
          })}
        />
      )}
      <div className="page-toolbar">
        <span className="spacer" />
        <ExportButton<Row>
          filename={t('zones.tabs.overview')}
          rows={rows}
          columns={[
            { header: t('zones.station'), value: (r) => r.officeName, width: 28 },
            { header: t('zones.overviewZones'), value: (r) => r.zones },
            { header: t('zones.overviewUnowned'), value: (r) => r.unownedZones },
            { header: t('zones.businesses'), value: (r) => r.businesses },
            { header: t('zones.overviewUnassigned'), value: (r) => r.unassigned },
            { header: t('zones.unlicensed'), value: (r) => r.unlicensed },
          ]}
        />
      </div>
      <Table<Row>
        rowKey="officeId"
        size="middle"
        loading={ov.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('zones.station'), dataIndex: 'officeName' },
          { title: t('zones.overviewZones'), dataIndex: 'zones', align: 'right' },
          {
            title: t('zones.overviewUnowned'),
            dataIndex: 'unownedZones',
            align: 'right',
            render: (n: number) => (n ? <b style={{ color: '#d4380d' }}>{n}</b> : 0),
          },
          { title: t('zones.businesses'), dataIndex: 'businesses', align: 'right' },
          {
            title: t('zones.overviewUnassigned'),
            dataIndex: 'unassigned',
            align: 'right',
            render: (n: number) => (n ? <b style={{ color: '#d4380d' }}>{n}</b> : 0),
          },
          { title: t('zones.unlicensed'), dataIndex: 'unlicensed', align: 'right' },
          {
            title: '',
            width: 90,
            render: (_: unknown, r) => (
              <Button type="link" size="small" onClick={() => onDrill(r.officeId)}>
                {t('zones.drill')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
