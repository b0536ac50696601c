import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { CadreRegister } from '../dossiers/CadreRegister';
import { OfficesTab } from './OfficesTab';

export default function OfficesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <Tabs
      items={[
        { key: 'offices', label: t('offices.tabOffices'), children: <OfficesTab /> },
        ...(can('cadres.read') ? [{ key: 'cadres', label: t('offices.tabCadres'), children: <CadreRegister /> }] : []),
      ]}
    />
  );
}
