import { App, Button, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today } from '../../lib/clock';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { outcomesText, spanText } from './outcomes';
import { d } from './roster-parts';

type SL = Output<'roster.secondLine'>[number];

export function SecondLine({ onOffer }: { onOffer: (cadreId: string) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal } = App.useApp();
  const save = useSaver();
  const [all, setAll] = useState(false);
  const q = useRpc('roster.secondLine', { all });
  const [deferring, setDeferring] = useState<SL | null>(null);
  const [form] = Form.useForm<{ newDate: Dayjs; approver: string; decisionRef: string }>();
  const rows = q.data ?? [];
  const manage = can('roster.manage');
  return (
    <div data-testid="second-line">
      <div className="page-toolbar">
        <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
          {t('roster.showAll')}
        </Checkbox>
        <span className="spacer" />
        <ExportButton
          filename={t('roster.tabs.secondLine')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (r: SL) => r.name },
            { header: t('cadres.office'), value: (r) => r.officeName },
            { header: t('cadres.leadershipPost'), value: (r) => r.leadershipPost },
            { header: t('roster.age'), value: (r) => spanText(t, r.ageMonths, 'age') },
            { header: t('roster.date'), value: (r) => r.date },
            { header: t('roster.explanation'), value: (r) => outcomesText(t, r.basis), width: 60 },
          ]}
        />
      </div>
      <Table<SL>
        size="small"
        rowKey="cadreId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <Typography.Text>{outcomesText(t, r.basis)}</Typography.Text> }}
        columns={[
          { title: t('cadres.name'), render: (_, r) => <Link to={`/dossiers/${r.cadreId}`}>{r.name}</Link>, width: 90 },
          { title: t('cadres.office'), dataIndex: 'officeName', ellipsis: true },
          { title: t('cadres.post'), render: (_, r) => [r.post, r.leadershipPost].filter(Boolean).join(' · ') },
          { title: t('roster.age'), width: 120, render: (_, r) => spanText(t, r.ageMonths, 'age') },
          {
            title: t('roster.date'),
            width: 200,
            render: (_, r) => (
              <>
                {r.date}{' '}
                {r.moved ? (
                  <Tag>{t('roster.moved')}</Tag>
                ) : r.deferred ? (
                  <Tag color="blue">{t('roster.deferred')}</Tag>
                ) : (
                  <Tag color={r.monthsLeft < 0 ? 'red' : 'orange'}>{r.monthsLeft < 0 ? t('roster.overdue') : t('dossier.monthsLeft', { n: r.monthsLeft })}</Tag>
                )}
              </>
            ),
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 210,
                  render: (_: unknown, r: SL) =>
                    r.moved ? null : (
                      <Space size={0}>
                        <Button size="small" type="link" onClick={() => (setDeferring(r), form.resetFields())}>
                          {t('roster.defer')}
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            modal.confirm({
                              title: t('roster.move'),
                              content: t('roster.confirmMove', { name: r.name }),
                              onOk: async () => {
                                const res = await save('roster.moveToSecondLine', { cadreId: r.cadreId, date: today() });
                                if (res.offerSupervisor)
                                  modal.confirm({
                                    title: t('roster.offerTitle'),
                                    content: t('roster.offer', { name: r.name }),
                                    okText: t('roster.appoint'),
                                    onOk: () => onOffer(r.cadreId),
                                  });
                              },
                            })
                          }
                        >
                          {t('roster.move')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={deferring !== null}
        title={t('roster.deferOf', { name: deferring?.name })}
        onCancel={() => setDeferring(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('roster.defer', { cadreId: deferring!.cadreId, date: today(), newDate: d(v.newDate)!, approver: v.approver, decisionRef: v.decisionRef });
          setDeferring(null);
        }}
      >
        <Typography.Paragraph type="secondary">{deferring && outcomesText(t, deferring.basis)}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="defer">
          <Form.Item name="newDate" label={t('roster.newDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="approver" label={t('roster.approver')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="decisionRef" label={t('roster.promoteRef')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
