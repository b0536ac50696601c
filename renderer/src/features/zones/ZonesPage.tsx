import { Select, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { stationBound } from '../../../../shared/domain/access';
import { BusinessesTab } from './BusinessesTab';
import { CensusTab } from './CensusTab';
import { GridsTab } from './GridsTab';
import { LoadTab } from './LoadTab';
import { OverviewTab } from './OverviewTab';
import { ZonesTab } from './ZonesTab';

/** The station in view: fixed for station roles, chosen by the county. */
export function useStationChoice() {
  const { me } = useAuth();
  const bound = stationBound(me!);
  const [chosen, setChosen] = useState<string | undefined>(bound ? me!.officeId : undefined);
  return { bound, officeId: bound ? me!.officeId : chosen, setOfficeId: setChosen };
}

export default function ZonesPage() {
  const { t } = useTranslation();
  const { bound, officeId, setOfficeId } = useStationChoice();
  const offices = useRpc('offices.list', { includeInactive: false });
  const [tab, setTab] = useState('overview');
  const stations = (offices.data ?? []).filter((o) => o.kind === 'station');
  const drill = (id: string) => (setOfficeId(id), setTab('zones'));
  const needStation = !officeId;
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      tabBarExtraContent={
        bound ? null : (
          <Select
            allowClear
            aria-label={t('zones.station')}
            placeholder={t('zones.allStations')}
            style={{ width: 220 }}
            value={officeId}
            onChange={setOfficeId}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
          />
        )
      }
      items={[
        { key: 'overview', label: t('zones.tabs.overview'), children: <OverviewTab officeId={officeId} onDrill={drill} /> },
        { key: 'zones', label: t('zones.tabs.zones'), children: <ZonesTab officeId={officeId} /> },
        { key: 'load', label: t('zones.tabs.load'), children: <LoadTab officeId={officeId} /> },
        { key: 'grids', label: t('zones.tabs.grids'), children: <GridsTab officeId={officeId} /> },
        { key: 'businesses', label: t('zones.tabs.businesses'), children: <BusinessesTab officeId={officeId} /> },
        { key: 'census', label: t('zones.tabs.census'), children: needStation ? <ChooseStation /> : <CensusTab officeId={officeId} /> },
      ]}
    />
  );
}

export function ChooseStation() {
  const { t } = useTranslation();
  return <div style={{ padding: 32, color: '#888' }}>{t('zones.chooseStation')}</div>;
}
