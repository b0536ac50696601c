// The dossier's performance, rewards and sanctions tab.
import { Form, Input, Select, Tag } from 'antd';
import { afterToday, DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import { MERIT_KINDS, type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { type Rec, d, dateRules } from './dossier-form';

export function Merits({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { kind: (typeof MERIT_KINDS)[number]; date: Dayjs; title: string; detail?: string };
  return (
    <RecordSection<Rec<'merits'>, V>
      testId="merits"
      title={t('dossier.tabs.merits')}
      addLabel={t('dossier.merit.new')}
      rows={dos.merits}
      canEdit={dos.canManage}
      removeMethod="dossiers.removeMerit"
      columns={[
        { title: t('dossier.merit.date'), dataIndex: 'date', width: 110 },
        {
          title: t('dossier.merit.kind'),
          dataIndex: 'kind',
          width: 90,
          render: (k: string) => <Tag color={k === 'sanction' ? 'red' : k === 'reward' ? 'gold' : 'blue'}>{t(`dossier.merit.kinds.${k}`)}</Tag>,
        },
        { title: t('dossier.merit.title'), dataIndex: 'title' },
        { title: t('dossier.merit.detail'), dataIndex: 'detail', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.merit.date'), value: (r) => r.date },
        { header: t('dossier.merit.kind'), value: (r) => t(`dossier.merit.kinds.${r.kind}`) },
        { header: t('dossier.merit.title'), value: (r) => r.title, width: 30 },
        { header: t('dossier.merit.detail'), value: (r) => r.detail, width: 40 },
      ]}
      toForm={(r) => (r ? { kind: r.kind, title: r.title, detail: r.detail ?? undefined, date: dayjs(r.date) } : { kind: 'performance', date: todayJs() })}
      fields={() => (
        <>
          <Form.Item name="kind" label={t('dossier.merit.kind')} rules={[{ required: true }]}>
            <Select options={MERIT_KINDS.map((k) => ({ value: k, label: t(`dossier.merit.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="date" label={t('dossier.merit.date')} rules={dateRules(t)}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
          <Form.Item name="title" label={t('dossier.merit.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="detail" label={t('dossier.merit.detail')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) =>
        save('dossiers.saveMerit', {
          ...(row ? { id: row.id } : {}),
          cadreId: dos.cadre.id,
          kind: v.kind,
          date: d(v.date)!,
          title: v.title,
          detail: v.detail || null,
        })
      }
    />
  );
}
