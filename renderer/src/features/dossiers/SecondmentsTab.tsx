// The dossier's secondments and rotations tab.
import { Form, Input, Select, Space, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { dateRange } from '../../lib/format';
import { type Rec, d, dj, dateRules } from './dossier-form';

export function Secondments({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { kind: 'secondment' | 'rotation'; hostOrg: string; post: string; startDate: Dayjs; endDate?: Dayjs; note?: string };
  return (
    <RecordSection<Rec<'secondments'>, V>
      testId="secondments"
      title={t('dossier.tabs.secondments')}
      addLabel={t('dossier.secondment.new')}
      rows={dos.secondments}
      canEdit={dos.canManage}
      removeMethod="dossiers.removeSecondment"
      columns={[
        { title: t('dossier.secondment.kind'), dataIndex: 'kind', width: 80, render: (k: string) => t(`dossier.secondment.kinds.${k}`) },
        { title: t('dossier.secondment.hostOrg'), dataIndex: 'hostOrg' },
        { title: t('cadres.post'), dataIndex: 'post' },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        {
          title: t('common.status'),
          dataIndex: 'active',
          width: 80,
          render: (a: boolean) => (a ? <Tag color="orange">{t('dossier.secondment.active')}</Tag> : null),
        },
      ]}
      exportColumns={[
        { header: t('dossier.secondment.kind'), value: (r) => t(`dossier.secondment.kinds.${r.kind}`) },
        { header: t('dossier.secondment.hostOrg'), value: (r) => r.hostOrg },
        { header: t('cadres.post'), value: (r) => r.post },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
      ]}
      toForm={(r) => (r ? { ...r, note: r.note ?? undefined, startDate: dayjs(r.startDate), endDate: dj(r.endDate) ?? undefined } : { kind: 'secondment' })}
      fields={() => (
        <>
          <Form.Item name="kind" label={t('dossier.secondment.kind')} rules={[{ required: true }]}>
            <Select options={(['secondment', 'rotation'] as const).map((x) => ({ value: x, label: t(`dossier.secondment.kinds.${x}`) }))} />
          </Form.Item>
          <Form.Item name="hostOrg" label={t('dossier.secondment.hostOrg')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="post" label={t('cadres.post')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Space>
            <Form.Item name="startDate" label={t('dossier.startDate')} rules={dateRules(t)}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endDate" label={t('dossier.endDate')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('dossier.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      )}
      save={(v, row) =>
        save('dossiers.saveSecondment', {
          ...(row ? { id: row.id } : {}),
          cadreId: dos.cadre.id,
          kind: v.kind,
          hostOrg: v.hostOrg,
          post: v.post,
          startDate: d(v.startDate)!,
          endDate: d(v.endDate),
          note: v.note || null,
        })
      }
    />
  );
}
