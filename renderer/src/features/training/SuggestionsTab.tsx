// The suggestions tab: upcoming courses matched to people, with the reasons.
import { App, Button, Card, Empty, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STAGES } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { useSaver } from '../dossiers/RecordSection';
import { courseKind, hoursText, listText } from '../../lib/format';
import { stationBound as isStationBound } from '../../../../shared/domain/access';
import { reasonsText } from './words';
import { dates } from './tab-helpers';

export function Suggestions() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { modal } = App.useApp();
  const save = useSaver();
  const stationBound = isStationBound(me!);
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [stage, setStage] = useState<(typeof STAGES)[number] | undefined>();
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('training.suggest', { officeId, stage });
  return (
    <div data-testid="training-suggest">
      <Typography.Paragraph type="secondary">{t('training.suggestHint')}</Typography.Paragraph>
      <div className="page-toolbar">
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
        <Select
          allowClear
          placeholder={t('training.byStage')}
          style={{ width: 160 }}
          value={stage}
          onChange={setStage}
          options={STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }))}
        />
      </div>
      {!q.isLoading && !q.data?.length && <Empty description={t('training.noSuggestions')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(q.data ?? []).map((s) => (
          <Card
            key={s.courseId}
            size="small"
            title={
              <Space>
                <Link to={`/training/courses/${s.courseId}`}>{s.title}</Link>
                <Tag>{courseKind(s)}</Tag>
                <Typography.Text type="secondary">
                  {dates(s)} · {hoursText(s.hours)}
                </Typography.Text>
                {s.full && <Tag color="red">{t('training.full')}</Tag>}
              </Space>
            }
            extra={
              can('training.enrol') && (
                <Button
                  size="small"
                  onClick={() =>
                    modal.confirm({
                      title: t('training.enrolThese', { n: s.cadres.length }),
                      content: listText(s.cadres.map((c) => c.name)),
                      okText: t('common.confirm'),
                      cancelText: t('common.cancel'),
                      onOk: () => save('training.enrol', { courseId: s.courseId, cadreIds: s.cadres.map((c) => c.cadreId), waitlist: true }),
                    })
                  }
                >
                  {t('training.enrolThese', { n: s.cadres.length })}
                </Button>
              )
            }
          >
            <List
              size="small"
              dataSource={s.cadres.slice(0, 12)}
              renderItem={(c) => (
                <List.Item>
                  <Space>
                    <Link to={`/dossiers/${c.cadreId}`}>{c.name}</Link>
                    <Typography.Text type="secondary">{c.officeName}</Typography.Text>
                    <span>{reasonsText(c.reasons)}</span>
                  </Space>
                </List.Item>
              )}
              footer={s.cadres.length > 12 ? <Typography.Text type="secondary">{t('common.total', { n: s.cadres.length })}</Typography.Text> : undefined}
            />
          </Card>
        ))}
      </Space>
    </div>
  );
}
