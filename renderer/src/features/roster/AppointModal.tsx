import { useFillOnOpen } from '../../lib/form-open';
import { Form, Input, Modal, Select } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import { SUPERVISION_THEMES } from '../../../../shared/contract/roster';
import { useRpc } from '../../api/hooks';
import { useSaver } from '../dossiers/RecordSection';
import { d } from './roster-parts';

export function AppointModal({ cadreId, onClose }: { cadreId: string | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [form] = Form.useForm<{ cadreId: string; range: [Dayjs, Dayjs | null]; duties: string; stations: string[]; zones: string[]; themes: string[] }>();
  const open = cadreId !== undefined;
  const cands = useRpc('roster.candidates', {}, { enabled: open });
  const targets = useRpc('roster.targets', {}, { enabled: open });
  useFillOnOpen(form, open, () => ({ cadreId: cadreId ?? undefined, range: [todayJs(), null], stations: [], zones: [], themes: [] }), cadreId);
  return (
    <Modal
      open={open}
      width={640}
      title={t('roster.appoint')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={async () => {
        const v = await form.validateFields();
        await save('roster.appoint', {
          cadreId: v.cadreId,
          startDate: d(v.range[0])!,
          endDate: d(v.range[1]),
          duties: v.duties,
          scope: { stations: v.stations ?? [], zones: v.zones ?? [], themes: v.themes ?? [] },
        });
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="appoint">
        <Form.Item name="cadreId" label={t('roster.cadre')} extra={t('roster.sgfFirst')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(cands.data ?? []).map((c) => ({
              value: c.cadreId,
              label: t('roster.candidateLabel', {
                name: c.name,
                office: c.officeName,
                why: t(`roster.why.${c.why === 'sgf' && c.sgfDate ? 'sgfOn' : c.why}`, { date: c.sgfDate, post: c.leadershipPost }),
              }),
            }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('roster.term')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
        <Form.Item name="duties" label={t('roster.duties')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="stations" label={t('roster.scopeStations')}>
          <Select mode="multiple" options={(targets.data?.stations ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="zones" label={t('roster.scopeZones')}>
          <Select mode="multiple" optionFilterProp="label" options={(targets.data?.zones ?? []).map((z) => ({ value: z.id, label: z.label }))} />
        </Form.Item>
        <Form.Item name="themes" label={t('roster.scopeThemes')}>
          <Select mode="tags" options={SUPERVISION_THEMES.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
