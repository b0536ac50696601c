// The dossier's annual appraisals tab; a save shows the warnings it raised.
import { App, Form, Input, InputNumber, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { thisYear } from '../../lib/clock';
import { gradeKey, GRADES, type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { gradeText, outcomeText } from './words';
import { type Rec } from './dossier-form';

const GRADE_COLORS = { excellent: 'green', competent: 'default', basic: 'orange', incompetent: 'red', ungraded: 'default' } as const;

export function Appraisals({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const save = useSaver();
  type V = { year: number; grade: (typeof GRADES)[number]; comment?: string };
  return (
    <RecordSection<Rec<'appraisals'>, V>
      testId="appraisals"
      title={t('dossier.tabs.appraisals')}
      addLabel={t('dossier.appraisal.new')}
      rows={dos.appraisals}
      canEdit={dos.canManage}
      removeMethod="dossiers.removeAppraisal"
      columns={[
        { title: t('dossier.year'), dataIndex: 'year', width: 80 },
        {
          title: t('dossier.appraisal.grade'),
          dataIndex: 'grade',
          width: 100,
          render: (g: V['grade']) => <Tag color={GRADE_COLORS[gradeKey(g)]}>{gradeText(t, g)}</Tag>,
        },
        ...(dos.canSeePersonal ? [{ title: t('dossier.appraisal.comment'), dataIndex: 'comment', ellipsis: true }] : []),
      ]}
      exportColumns={[
        { header: t('dossier.year'), value: (r) => r.year },
        { header: t('dossier.appraisal.grade'), value: (r) => gradeText(t, r.grade) },
        ...(dos.canSeePersonal ? [{ header: t('dossier.appraisal.comment'), value: (r: Rec<'appraisals'>) => r.comment, width: 40 }] : []),
      ]}
      toForm={(r) => (r ? { year: r.year, grade: r.grade, comment: r.comment ?? undefined } : { year: thisYear() - 1 })}
      fields={() => (
        <>
          <Form.Item name="year" label={t('dossier.year')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1990} max={thisYear()} />
          </Form.Item>
          <Form.Item name="grade" label={t('dossier.appraisal.grade')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={GRADES.map((g) => ({ value: g, label: gradeText(t, g) }))} />
          </Form.Item>
          {dos.canSeePersonal && (
            <Form.Item name="comment" label={t('dossier.appraisal.comment')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
        </>
      )}
      save={async (v, row) => {
        const r = await save('dossiers.saveAppraisal', {
          ...(row ? { id: row.id } : {}),
          cadreId: dos.cadre.id,
          year: v.year,
          grade: v.grade,
          comment: v.comment || null,
        });
        if (r.warnings.length) modal.warning({ title: t('dossier.appraisal.warnings'), content: r.warnings.map((w) => outcomeText(t, w)).join('\n') });
        else void message.info(t('dossier.appraisal.noWarnings'));
      }}
    />
  );
}
