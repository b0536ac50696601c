import { Button, Card, Col, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { useRpc } from '../../api/hooks';
import { ExportButton } from '../../lib/ExportButton';
import { EducationModal, EducationTable } from './EducationTab';
import { courseKind, dateRange } from '../../lib/format';
import { outstandingText, reasonsText, ruleText } from './words';

type H = Output<'training.cadre'>['history'][number];
type Y = Output<'training.cadre'>['years'][number];

/** The dossier's training tab: yearly hours against the requirement, history, suggestions, degrees. */
export function CadreTraining({ cadreId }: { cadreId: string }) {
  const { t } = useTranslation();
  const q = useRpc('training.cadre', { cadreId });
  const [editing, setEditing] = useState<Output<'training.cadre'>['education'][number] | null | undefined>(undefined);
  const r = q.data;
  if (!r) return null;
  return (
    <div data-testid="cadre-training">
      <Row gutter={12}>
        <Col span={14}>
          <Card size="small" title={t('training.yearly')} style={{ marginBottom: 12 }}>
            <Table<Y>
              size="small"
              rowKey="year"
              pagination={false}
              dataSource={r.years}
              expandable={{
                expandedRowRender: (y) => (
                  <ul className="explain">
                    {y.explanation.map((e, i) => (
                      <li key={i}>{ruleText(e)}</li>
                    ))}
                  </ul>
                ),
              }}
              columns={[
                { title: t('training.year'), dataIndex: 'year', width: 70 },
                { title: t('training.hours'), dataIndex: 'hours', width: 70 },
                { title: t('training.days2'), dataIndex: 'days', width: 60 },
                { title: t('training.fullTimeDays'), dataIndex: 'fullTimeDays', width: 80 },
                {
                  title: t('common.status'),
                  width: 80,
                  render: (_, y) => <Tag color={y.compliant ? 'green' : 'red'}>{y.compliant ? t('training.compliant') : t('training.behind')}</Tag>,
                },
                { title: t('training.shortfall'), render: (_, y) => outstandingText(y) },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('training.suggestionsFor')} style={{ marginBottom: 12 }}>
            {r.suggestions.length ? (
              <List
                size="small"
                dataSource={r.suggestions}
                renderItem={(s) => (
                  <List.Item>
                    <div>
                      <Space>
                        <Link to={`/training/courses/${s.courseId}`}>{s.title}</Link>
                        <Typography.Text type="secondary">{s.startDate}</Typography.Text>
                      </Space>
                      <div className="week-meta">{reasonsText(s.cadres[0]?.reasons ?? [])}</div>
                    </div>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('training.noSuggestions')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('training.history')}
        style={{ marginBottom: 12 }}
        extra={
          <ExportButton
            filename={t('training.history')}
            rows={r.history}
            columns={[
              { header: t('training.dates'), value: (h: H) => dateRange(h.startDate, h.endDate) },
              { header: t('training.kind'), value: (h) => courseKind(h) },
              { header: t('training.courseTitle'), value: (h) => h.title, width: 36 },
              { header: t('training.hours'), value: (h) => h.hours },
              {
                header: t('training.attendance'),
                value: (h) =>
                  h.status === 'waiting' ? t('training.waiting') : h.attendance ? t(`training.attendanceOf.${h.attendance}`) : t('training.notRecorded'),
              },
              { header: t('training.score'), value: (h) => h.score },
              { header: t('training.credited'), value: (h) => h.creditedHours },
            ]}
          />
        }
      >
        <Table<H>
          size="small"
          rowKey="enrolmentId"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={r.history}
          locale={{ emptyText: t('training.noHistory') }}
          columns={[
            { title: t('training.dates'), width: 200, render: (_, h) => dateRange(h.startDate, h.endDate) },
            { title: t('training.kind'), width: 140, render: (_, h) => <Tag>{courseKind(h)}</Tag> },
            { title: t('training.courseTitle'), dataIndex: 'title' },
            { title: t('training.hours'), dataIndex: 'hours', width: 60 },
            {
              title: t('training.attendance'),
              width: 90,
              render: (_, h) =>
                h.status === 'waiting' ? (
                  <Tag color="orange">{t('training.waiting')}</Tag>
                ) : h.attendance ? (
                  t(`training.attendanceOf.${h.attendance}`)
                ) : (
                  <Typography.Text type="secondary">{t('training.notRecorded')}</Typography.Text>
                ),
            },
            { title: t('training.score'), dataIndex: 'score', width: 60 },
            { title: t('training.credited'), dataIndex: 'creditedHours', width: 80 },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('training.education')}
        extra={
          r.canManage && (
            <Button size="small" onClick={() => setEditing(null)}>
              {t('training.newEducation')}
            </Button>
          )
        }
      >
        <EducationTable rows={r.education} onEdit={r.canManage ? setEditing : undefined} />
      </Card>
      <EducationModal record={editing} cadreId={cadreId} onClose={() => setEditing(undefined)} />
    </div>
  );
}
