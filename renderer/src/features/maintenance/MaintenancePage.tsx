import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BackupsCard } from './BackupsCard';
import { UpdatesCard } from './UpdatesCard';

/** 数据维护: backups and restore, and updates from the office's folder. */
export default function MaintenancePage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('nav.maintenance')}</Typography.Title>
      <BackupsCard />
      <UpdatesCard />
    </Space>
  );
}
