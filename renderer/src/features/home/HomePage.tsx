import { Card, Col, Descriptions, Row, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';

export default function HomePage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const offices = useRpc('offices.list', { includeInactive: true }, { enabled: can('offices.read') });
  const stations = (offices.data ?? []).filter((o) => o.kind === 'station');
  const cadres = (offices.data ?? []).reduce((n, o) => n + o.cadreCount, 0);
  return (
    <>
      <Card title={t('home.welcome', { name: me!.displayName })} style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('home.office')}>{me!.officeName}</Descriptions.Item>
          <Descriptions.Item label={t('home.role')}>
            <Tag color="blue">{t(`roles.${me!.role}`)}</Tag>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {can('offices.read') && (
        <Row gutter={16}>
          <Col span={8}>
            <Card>
              <Statistic title={t('home.stations')} value={stations.length} loading={offices.isLoading} />
            </Card>
          </Col>
          <Col span={8}>
            <Card>
              <Statistic title={t('home.activeStations')} value={stations.filter((s) => s.active).length} loading={offices.isLoading} />
            </Card>
          </Col>
          <Col span={8}>
            <Card>
              <Statistic title={t('home.cadres')} value={cadres} loading={offices.isLoading} />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
