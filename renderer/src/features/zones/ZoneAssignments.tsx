import { Alert, App, Button, Drawer, Form, Input, Modal, Select, Tag, Timeline, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useTranslation } from 'react-i18next';
import { today, todayJs } from '../../lib/clock';
import { addDays } from '../../../../shared/domain/time';
import type { Zone } from '../../../../shared/contract/zones';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { noteText, ruleText } from './words';

// A zone's owner and deputies: the assign dialog and the history drawer.
export function AssignModal({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const cadres = useRpc('cadres.list', { officeId: zone.officeId });
  const assign = useRpcMutation('zones.assign', {
    success: t('common.saved'),
    onSuccess: (r) => {
      for (const w of r.warnings) void message.warning(ruleText(t, w));
      onClose();
    },
  });
  // 林晓红（食品安全监管岗 · 挂职/借调）: the post, and the status when it is not plain active.
  const cadreLabel = (c: { name: string; post: string | null; status: string }) => {
    const detail = [c.post, c.status !== 'active' ? t(`cadres.statuses.${c.status}`) : null].filter(Boolean).join(' · ');
    return detail ? t('zones.cadreOption', { name: c.name, detail }) : c.name;
  };
  async function submit() {
    const v = await form.validateFields();
    assign.mutate({ zoneId: zone.id, cadreId: v.cadreId, role: v.role, startDate: v.startDate.format('YYYY-MM-DD'), note: v.note || null });
  }
  return (
    <Modal
      open
      title={t('zones.assignTitle', { name: zone.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
    >
      <Alert type="info" showIcon title={t('zones.assignHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="assign" initialValues={{ role: 'owner', startDate: todayJs() }}>
        <Form.Item name="role" label={t('zones.role')}>
          <Select
            options={[
              { value: 'owner', label: t('zones.roleOwner') },
              { value: 'deputy', label: t('zones.roleDeputy') },
            ]}
          />
        </Form.Item>
        <Form.Item name="cadreId" label={t('zones.cadre')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(cadres.data ?? [])
              .filter((c) => !c.pastRetirement && !['retired', 'transferred'].includes(c.status))
              .map((c) => ({ value: c.id, label: cadreLabel(c) }))}
          />
        </Form.Item>
        <Form.Item name="startDate" label={t('zones.startDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('zones.notes')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function HistoryDrawer({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const h = useRpc('zones.history', { zoneId: zone.id });
  const end = useRpcMutation('zones.endAssignment', { success: t('common.saved') });
  return (
    <Drawer open width={520} title={t('zones.historyTitle', { name: zone.name })} onClose={onClose}>
      <Timeline
        items={(h.data ?? []).map((a) => ({
          color: a.endDate ? 'gray' : a.role === 'owner' ? 'blue' : 'green',
          children: (
            <div data-testid="history-item">
              <Typography.Text strong delete={a.corrected}>
                {a.cadreName}
              </Typography.Text>{' '}
              <Tag>{a.role === 'owner' ? t('zones.roleOwner') : t('zones.roleDeputy')}</Tag>
              {a.corrected && <Tag color="orange">{t('zones.corrected')}</Tag>}
              <div>
                {a.corrected ? a.startDate : `${a.startDate} — ${a.endDate ?? t('zones.ongoing')}`}
                {[a.correctedTo ? t('zones.correctedTo', { name: a.correctedTo }) : null, noteText(t, a)].filter(Boolean).map((n) => ` · ${n}`)}
              </div>
              {!a.endDate && a.role === 'deputy' && can('zones.manage') && zone.status === 'active' && (
                <Button size="small" type="link" onClick={() => end.mutate({ id: a.id, endDate: addDays(today(), 1) })}>
                  {t('zones.end')}
                </Button>
              )}
            </div>
          ),
        }))}
      />
    </Drawer>
  );
}
