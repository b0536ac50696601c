import { App, Button, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../../shared/contract/offices';
import { areaCodeRule } from '../../lib/rules';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';

type FormValues = { name: string; code: string; address?: string; phone?: string };

export function OfficesTab() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { can } = useAuth();
  const list = useRpc('offices.list', { includeInactive: true });
  const [editing, setEditing] = useState<Office | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const close = () => (setEditing(null), form.resetFields());
  const create = useRpcMutation('offices.create', { success: t('common.saved'), onSuccess: close });
  const update = useRpcMutation('offices.update', { success: t('common.saved'), onSuccess: close });
  const setActive = useRpcMutation('offices.setActive', { success: t('common.saved') });
  const manage = can('offices.manage');

  function open(o: Office | 'new') {
    setEditing(o);
    form.setFieldsValue(
      o === 'new' ? { name: '', code: '', address: '', phone: '' } : { name: o.name, code: o.code, address: o.address ?? '', phone: o.phone ?? '' },
    );
  }

  async function submit() {
    const v = await form.validateFields();
    const input = { name: v.name, code: v.code, address: v.address || null, phone: v.phone || null };
    if (editing === 'new') create.mutate(input);
    else if (editing) update.mutate({ id: editing.id, ...input });
  }

  function toggle(o: Office) {
    if (!o.active) return setActive.mutate({ id: o.id, active: true });
    modal.confirm({
      title: t('offices.deactivate'),
      content: t('offices.confirmDeactivate', { name: o.name }),
      okButtonProps: { danger: true },
      onOk: () => setActive.mutateAsync({ id: o.id, active: false }),
    });
  }

  const rows = list.data ?? [];
  return (
    <>
      <div className="page-toolbar">
        {manage && (
          <Button type="primary" onClick={() => open('new')}>
            {t('offices.newStation')}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton
          filename={t('offices.title')}
          rows={rows}
          columns={[
            { header: t('offices.name'), value: (o) => o.name, width: 30 },
            { header: t('offices.kind'), value: (o) => t(`offices.${o.kind}`) },
            { header: t('offices.code'), value: (o) => o.code },
            { header: t('offices.address'), value: (o) => o.address, width: 36 },
            { header: t('offices.phone'), value: (o) => o.phone },
            { header: t('offices.cadreCount'), value: (o) => o.cadreCount },
            { header: t('common.status'), value: (o) => (o.active ? t('offices.active') : t('offices.inactive')) },
          ]}
        />
      </div>
      <Table<Office>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('offices.name'), dataIndex: 'name' },
          {
            title: t('offices.kind'),
            dataIndex: 'kind',
            width: 90,
            render: (k: string) => <Tag color={k === 'bureau' ? 'gold' : 'blue'}>{t(`offices.${k}`)}</Tag>,
          },
          { title: t('offices.code'), dataIndex: 'code', width: 130 },
          { title: t('offices.address'), dataIndex: 'address' },
          { title: t('offices.phone'), dataIndex: 'phone', width: 150 },
          { title: t('offices.cadreCount'), dataIndex: 'cadreCount', width: 80, align: 'right' },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{t('offices.active')}</Tag> : <Tag>{t('offices.inactive')}</Tag>),
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 150,
                  render: (_: unknown, o: Office) => (
                    <Space>
                      <Button size="small" type="link" onClick={() => open(o)}>
                        {t('common.edit')}
                      </Button>
                      {o.kind === 'station' && (
                        <Button size="small" type="link" danger={o.active} onClick={() => toggle(o)}>
                          {o.active ? t('offices.deactivate') : t('offices.activate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('offices.newStation') : t('offices.editOffice')}
        onCancel={close}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="office" onFinish={() => void submit()}>
          <Form.Item name="name" label={t('offices.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input autoFocus maxLength={60} />
          </Form.Item>
          <Form.Item name="code" label={t('offices.code')} extra={t('offices.codeHint')} rules={[areaCodeRule(t)]}>
            <Input maxLength={6} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="address" label={t('offices.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('offices.phone')}>
            <Input maxLength={40} />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      </Modal>
    </>
  );
}
