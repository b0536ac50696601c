// The dossier's rotation internships tab.
import { Form, Input } from 'antd';
import { DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { dateRange } from '../../lib/format';
import { type Rec, d, dateRules } from './dossier-form';

export function Internships({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  type V = { post: string; place?: string; range: [Dayjs, Dayjs]; supervisor: string; evaluation?: string };
  return (
    <RecordSection<Rec<'internships'>, V>
      testId="internships"
      title={t('dossier.tabs.internships')}
      addLabel={t('dossier.internship.new')}
      rows={dos.internships}
      canEdit={dos.canManage}
      removeMethod="dossiers.removeInternship"
      columns={[
        { title: t('dossier.internship.post'), dataIndex: 'post' },
        { title: t('dossier.internship.place'), dataIndex: 'place' },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        { title: t('dossier.internship.supervisor'), dataIndex: 'supervisor', width: 90 },
        { title: t('dossier.internship.evaluation'), dataIndex: 'evaluation', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.internship.post'), value: (r) => r.post },
        { header: t('dossier.internship.place'), value: (r) => r.place },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
        { header: t('dossier.internship.supervisor'), value: (r) => r.supervisor },
        { header: t('dossier.internship.evaluation'), value: (r) => r.evaluation, width: 40 },
      ]}
      toForm={(r) => (r ? { ...r, place: r.place ?? undefined, evaluation: r.evaluation ?? undefined, range: [dayjs(r.startDate), dayjs(r.endDate)] } : {})}
      fields={() => (
        <>
          <Form.Item name="post" label={t('dossier.internship.post')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="place" label={t('dossier.internship.place')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="range" label={t('dossier.period')} rules={dateRules(t)}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="supervisor" label={t('dossier.internship.supervisor')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="evaluation" label={t('dossier.internship.evaluation')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) =>
        save('dossiers.saveInternship', {
          ...(row ? { id: row.id } : {}),
          cadreId: dos.cadre.id,
          post: v.post,
          place: v.place || null,
          startDate: d(v.range[0])!,
          endDate: d(v.range[1])!,
          supervisor: v.supervisor,
          evaluation: v.evaluation || null,
        })
      }
    />
  );
}
