import { useFillOnOpen } from '../../lib/form-open';
import { App, Button, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today, todayJs } from '../../lib/clock';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { stationBound } from '../../../../shared/domain/access';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';
import { useSaver } from '../dossiers/RecordSection';
import { evidenceText } from '../training/words';
import { outcomesText, outcomeText } from './outcomes';
import { OutcomeLines } from './roster-parts';

type El = Output<'roster.eligibility'>['rows'][number];

export function Eligibility() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const save = useSaver();
  const { modal } = App.useApp();
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [which, setWhich] = useState<'soon' | 'now' | 'all'>('soon');
  const [promoting, setPromoting] = useState<El | null>(null);
  const [pf] = Form.useForm<{ date: Dayjs; decisionRef: string; note?: string }>();
  useFillOnOpen(pf, !!promoting, () => ({ date: todayJs() }), promoting?.cadreId);
  const offices = useRpc('offices.list', { includeInactive: false });
  const q = useRpc('roster.eligibility', { officeId, months: 6 });
  const rows = (q.data?.rows ?? []).filter((r) => (which === 'now' ? r.eligibleToday : which === 'soon' ? r.withinMonths : true));
  const v = q.data?.versions;
  return (
    <div data-testid="eligibility">
      <div className="page-toolbar">
        {!stationBound(me!) && (
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
          style={{ width: 200 }}
          value={which}
          onChange={setWhich}
          aria-label={t('roster.which')}
          options={[
            { value: 'soon', label: t('roster.whichSoon') },
            { value: 'now', label: t('roster.whichNow') },
            { value: 'all', label: t('roster.whichAll') },
          ]}
        />
        <Typography.Text type="secondary">
          {v && t('roster.rankVersions', { ladder: v.ladder, weak: v.weakYearsCount, blocks: v.incompetentBlocks, map: v.oldTitleMap })}
        </Typography.Text>
        <span className="spacer" />
        <ExportButton
          filename={t('roster.tabs.eligibility')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (r: El) => r.name },
            { header: t('cadres.office'), value: (r) => r.officeName },
            { header: t('roster.currentRank'), value: (r) => r.currentRank },
            { header: t('roster.nextRank'), value: (r) => r.nextRank },
            { header: t('roster.eligibleOn'), value: (r) => r.eligibleOn },
            { header: t('roster.eligibleToday'), value: (r) => (r.eligibleToday ? t('common.yes') : t('common.no')) },
            { header: t('roster.explanation'), value: (r) => outcomesText(t, r.criteria), width: 80 },
            { header: t('roster.training'), value: (r) => (r.training ? evidenceText(r.training) : ''), width: 60 },
          ]}
        />
      </div>
      <Table<El>
        size="small"
        rowKey="cadreId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (r) => (
            <ul className="criteria" data-testid={`criteria-${r.name}`}>
              {r.criteria.map((c, i) => (
                <li key={i} className={c.pass ? 'pass' : 'fail'}>
                  {outcomeText(t, c)}
                </li>
              ))}
              {r.training && (
                <li className={`evidence ${r.training.pass ? 'pass' : 'warn'}`} data-testid={`training-${r.name}`}>
                  {evidenceText(r.training)}
                </li>
              )}
            </ul>
          ),
        }}
        columns={[
          { title: t('cadres.name'), render: (_, r) => <Link to={`/dossiers/${r.cadreId}`}>{r.name}</Link>, width: 90 },
          { title: t('cadres.office'), dataIndex: 'officeName', ellipsis: true },
          { title: t('roster.currentRank'), dataIndex: 'currentRank', width: 130 },
          { title: t('roster.nextRank'), dataIndex: 'nextRank', width: 130 },
          { title: t('roster.eligibleOn'), dataIndex: 'eligibleOn', width: 110 },
          {
            title: t('roster.eligibleToday'),
            width: 100,
            render: (_, r) => (r.eligibleToday ? <Tag color="green">{t('roster.eligible')}</Tag> : <Tag>{t('roster.notYet')}</Tag>),
          },
          {
            title: t('roster.training'),
            width: 100,
            render: (_, r) =>
              r.training && (r.training.pass ? <Tag color="green">{t('roster.trainingOk')}</Tag> : <Tag color="orange">{t('roster.trainingShort')}</Tag>),
          },
          ...(can('roster.manage')
            ? [
                {
                  title: t('common.actions'),
                  width: 140,
                  render: (_: unknown, r: El) =>
                    r.nextRank ? (
                      <Button size="small" type="link" onClick={() => setPromoting(r)}>
                        {t('roster.promote')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!promoting}
        title={promoting ? t('roster.promoteTitle', { name: promoting.name, rank: promoting.nextRank }) : ''}
        okText={t('roster.promote')}
        cancelText={t('common.cancel')}
        onCancel={() => setPromoting(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await pf.validateFields();
          const res = await save('roster.promote', {
            cadreId: promoting!.cadreId,
            rank: promoting!.nextRank!,
            date: v.date.format('YYYY-MM-DD'),
            decisionRef: v.decisionRef,
            note: v.note ?? null,
          });
          setPromoting(null);
          if (res.warnings.length) modal.warning({ title: t('dossier.appraisal.warnings'), content: <OutcomeLines outcomes={res.warnings} /> });
        }}
      >
        <Form form={pf} layout="vertical" name="promote">
          <Form.Item name="date" label={t('roster.approvedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today()} />
          </Form.Item>
          <Form.Item name="decisionRef" label={t('roster.promoteRef')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input placeholder={t('roster.decisionRefHint')} maxLength={60} />
          </Form.Item>
          <Form.Item name="note" label={t('dossier.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
