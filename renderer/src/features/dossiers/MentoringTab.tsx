// The dossier's mentoring tab (传帮带): pairs where the cadre is mentee or mentor.
import { Form, Input, Select, Space, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Dossier } from '../../../../shared/contract/dossiers';
import { useRpc } from '../../api/hooks';
import { RecordSection, useSaver } from './RecordSection';
import { dateRange } from '../../lib/format';
import { type Rec, d, dj, dateRules } from './dossier-form';

export function Mentoring({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  const people = useRpc('cadres.list', { officeId: dos.cadre.officeId });
  type V = { mentorId: string; startDate: Dayjs; endDate?: Dayjs; goals: string; review?: string };
  return (
    <RecordSection<Rec<'mentoring'>, V>
      testId="mentoring"
      title={t('dossier.tabs.mentoring')}
      addLabel={t('dossier.mentoring.new')}
      rows={dos.mentoring}
      canEdit={dos.canManage}
      removeMethod="dossiers.removeMentoring"
      columns={[
        {
          title: t('dossier.mentoring.mentor'),
          width: 90,
          render: (_, r) => r.mentorName ?? <Typography.Text type="secondary">{t('dossier.mentoring.elsewhere')}</Typography.Text>,
        },
        {
          title: t('dossier.mentoring.mentee'),
          width: 90,
          render: (_, r) => r.menteeName ?? <Typography.Text type="secondary">{t('dossier.mentoring.elsewhere')}</Typography.Text>,
        },
        { title: t('dossier.period'), render: (_, r) => dateRange(r.startDate, r.endDate) },
        { title: t('dossier.mentoring.goals'), dataIndex: 'goals', ellipsis: true },
        { title: t('dossier.mentoring.review'), dataIndex: 'review', ellipsis: true },
      ]}
      exportColumns={[
        { header: t('dossier.mentoring.mentor'), value: (r) => r.mentorName ?? t('dossier.mentoring.elsewhere') },
        { header: t('dossier.mentoring.mentee'), value: (r) => r.menteeName ?? t('dossier.mentoring.elsewhere') },
        { header: t('dossier.startDate'), value: (r) => r.startDate },
        { header: t('dossier.endDate'), value: (r) => r.endDate },
        { header: t('dossier.mentoring.goals'), value: (r) => r.goals, width: 40 },
        { header: t('dossier.mentoring.review'), value: (r) => r.review, width: 40 },
      ]}
      toForm={(r) =>
        r ? { mentorId: r.mentorId, goals: r.goals, review: r.review ?? undefined, startDate: dayjs(r.startDate), endDate: dj(r.endDate) ?? undefined } : {}
      }
      fields={() => (
        <>
          <Form.Item name="mentorId" label={t('dossier.mentoring.mentor')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={[
                ...(people.data ?? [])
                  .filter((p) => p.id !== dos.cadre.id)
                  .map((p) => ({ value: p.id, label: p.post ? t('dossier.withNote', { text: p.name, note: p.post }) : p.name })),
                // A mentor who moved to another station stays selectable for the pair they already form.
                ...[...new Set(dos.mentoring.filter((m) => m.mentorName === null).map((m) => m.mentorId))].map((id) => ({
                  value: id,
                  label: t('dossier.mentoring.elsewhere'),
                })),
              ]}
            />
          </Form.Item>
          <Space>
            <Form.Item name="startDate" label={t('dossier.startDate')} rules={dateRules(t)}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endDate" label={t('dossier.endDate')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="goals" label={t('dossier.mentoring.goals')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="review" label={t('dossier.mentoring.review')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
      save={(v, row) =>
        save('dossiers.saveMentoring', {
          ...(row ? { id: row.id } : {}),
          cadreId: dos.cadre.id,
          mentorId: v.mentorId,
          startDate: d(v.startDate)!,
          endDate: d(v.endDate),
          goals: v.goals,
          review: v.review || null,
        })
      }
    />
  );
}
