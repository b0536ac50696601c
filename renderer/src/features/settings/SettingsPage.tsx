import { Alert, Button, Form, Input, InputNumber, Modal, Switch, Table, Tag, Typography } from 'antd';
import { DatePicker } from '../../lib/pickers';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayJs } from '../../lib/clock';
import type { TFunction } from 'i18next';
import type { SettingRow, SettingVersion } from '../../../../shared/contract/settings';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';

function showWith(t: TFunction) {
  return (v: unknown): string => {
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'number' || typeof v === 'string') return String(v);
    if (Array.isArray(v))
      return v
        .map((s: { to: string; from: string[]; years: number }) =>
          t('settings.step', { from: s.from.join('/'), to: s.to, years: t('settings.years', { n: s.years }) }),
        )
        .join(t('settings.itemSep'));
    return Object.entries(v as Record<string, string>)
      .map(([a, b]) => `${a} → ${b}`)
      .join(t('settings.itemSep'));
  };
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const show = showWith(t);
  const { can } = useAuth();
  const list = useRpc('settings.list', {});
  const [editing, setEditing] = useState<SettingRow | null>(null);
  const [form] = Form.useForm<{ value: unknown; effectiveFrom: Dayjs; note?: string }>();
  const close = () => (setEditing(null), form.resetFields());
  const set = useRpcMutation('settings.set', { success: t('common.saved'), onSuccess: close });
  const manage = can('settings.manage');
  const name = (k: string) => t(`settings.names.${k}`, { defaultValue: k });

  async function submit() {
    const v = await form.validateFields();
    let value = v.value;
    if (editing && typeof editing.current.value === 'object') {
      try {
        value = JSON.parse(String(v.value));
      } catch {
        form.setFields([{ name: 'value', errors: [t('settings.jsonHint')] }]);
        return;
      }
    }
    set.mutate({ key: editing!.key, value, effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), note: v.note ?? null });
  }

  // Rules of modules not built yet (12315, random inspection) are not shown until they exist.
  const rows = (list.data ?? []).filter((r) => r.group !== 'later');
  const cur = editing?.current.value;
  return (
    <>
      <Alert type="info" showIcon title={t('settings.intro')} style={{ marginBottom: 12 }} />
      <div className="page-toolbar">
        <span className="spacer" />
        <ExportButton
          filename={t('settings.title')}
          rows={rows}
          columns={[
            { header: t('settings.key'), value: (r) => name(r.key), width: 36 },
            { header: t('settings.value'), value: (r) => show(r.current.value), width: 60 },
            { header: t('settings.version'), value: (r) => r.current.version },
            { header: t('settings.effectiveFrom'), value: (r) => (r.current.version ? r.current.effectiveFrom : t('settings.builtIn')) },
          ]}
        />
      </div>
      <Table<SettingRow>
        rowKey="key"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        expandable={{
          rowExpandable: (r) => r.history.length > 1,
          expandedRowRender: (r) => (
            <Table<SettingVersion>
              rowKey="version"
              size="small"
              pagination={false}
              dataSource={[...r.history].reverse()}
              columns={[
                { title: t('settings.version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
                { title: t('settings.value'), dataIndex: 'value', render: show },
                { title: t('settings.effectiveFrom'), dataIndex: 'effectiveFrom', render: (d: string, v) => (v.version ? d : t('settings.builtIn')) },
                { title: t('settings.author'), dataIndex: 'author' },
                { title: t('settings.note'), dataIndex: 'note' },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('settings.key'),
            dataIndex: 'key',
            width: 360,
            render: (k: string, r) => (
              <>
                <Tag>{t(`settings.groups.${r.group}`)}</Tag>
                {name(k)}
              </>
            ),
          },
          { title: t('settings.value'), render: (_: unknown, r) => <Typography.Text>{show(r.current.value)}</Typography.Text> },
          { title: t('settings.version'), width: 80, render: (_: unknown, r) => `v${r.current.version}` },
          { title: t('settings.effectiveFrom'), width: 120, render: (_: unknown, r) => (r.current.version ? r.current.effectiveFrom : t('settings.builtIn')) },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 90,
                  render: (_: unknown, r: SettingRow) => (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setEditing(r);
                        form.setFieldsValue({
                          value: typeof r.current.value === 'object' ? JSON.stringify(r.current.value, null, 1) : r.current.value,
                          effectiveFrom: todayJs(),
                        });
                      }}
                    >
                      {t('settings.change')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? t('settings.changeTitle', { name: name(editing.key) }) : ''}
        onCancel={close}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={set.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="setting">
          <Form.Item
            name="value"
            label={t('settings.newValue')}
            valuePropName={typeof cur === 'boolean' ? 'checked' : 'value'}
            rules={[{ required: typeof cur !== 'boolean', message: t('common.required') }]}
          >
            {typeof cur === 'boolean' ? <Switch /> : typeof cur === 'number' ? <InputNumber style={{ width: 200 }} /> : <Input.TextArea rows={8} />}
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label={t('settings.effectiveFrom')}
            extra={t('settings.earlier')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('settings.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
