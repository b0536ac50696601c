import { Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppointModal } from './AppointModal';
import { Eligibility } from './EligibilityTab';
import { SecondLine } from './SecondLineTab';
import { Supervisors } from './SupervisorsTab';

export default function RosterPage() {
  const { t } = useTranslation();
  const [appointFor, setAppointFor] = useState<string | null | undefined>(undefined);
  return (
    <>
      <Tabs
        items={[
          { key: 'supervisors', label: t('roster.tabs.supervisors'), children: <Supervisors onAppoint={(id) => setAppointFor(id)} /> },
          { key: 'secondLine', label: t('roster.tabs.secondLine'), children: <SecondLine onOffer={(id) => setAppointFor(id)} /> },
          { key: 'eligibility', label: t('roster.tabs.eligibility'), children: <Eligibility /> },
        ]}
      />
      <AppointModal cadreId={appointFor} onClose={() => setAppointFor(undefined)} />
    </>
  );
}
