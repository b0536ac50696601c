import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CADRE_STATUSES, type Cadre } from '../../../../shared/contract/offices';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';

type FormValues = Omit<Cadre, 'id' | 'officeName' | 'birthDate'> & { birthDate: Dayjs };

export function CadresTab() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { me, can } = useAuth();
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const offices = useRpc('offices.list', { includeInactive: false });
  const list = useRpc('cadres.list', { officeId, search: search || undefined });
  const [editing, setEditing] = useState<Cadre | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const close = () => (setEditing(null), form.resetFields());
  const create = useRpcMutation('cadres.create', { success: t('common.saved'), onSuccess: close });
  const update = useRpcMutation('cadres.update', { success: t('common.saved'), onSuccess: close });
  const remove = useRpcMutation('cadres.remove', { success: t('common.saved') });
  const manage = can('cadres.manage');
  const stationBound = me!.role === 'chief' || me!.role === 'staff';
  const officeOptions = (offices.data ?? []).filter((o) => !stationBound || o.id === me!.officeId).map((o) => ({ value: o.id, label: o.name }));

  function open(c: Cadre | 'new') {
    setEditing(c);
    if (c === 'new') form.setFieldsValue({ officeId: officeId ?? (stationBound ? me!.officeId : undefined), status: 'active', gender: 'M' } as Partial<FormValues>);
    else form.setFieldsValue({ ...c, birthDate: dayjs(c.birthDate) });
  }

  async function submit() {
    const v = await form.validateFields();
    const input = { officeId: v.officeId, name: v.name, gender: v.gender, birthDate: v.birthDate.format('YYYY-MM-DD'), post: v.post || null, status: v.status, phone: v.phone || null };
    if (editing === 'new') create.mutate(input);
    else if (editing) update.mutate({ id: editing.id, ...input });
  }

  const statusOptions = CADRE_STATUSES.map((s) => ({ value: s, label: t(`cadres.statuses.${s}`) }));
  const rows = list.data ?? [];
  return (
    <>
      <div className="page-toolbar">
        {!stationBound && (
          <Select allowClear placeholder={t('cadres.office')} style={{ width: 220 }} value={officeId} onChange={setOfficeId} options={officeOptions} />
        )}
        <Input.Search allowClear placeholder={t('cadres.searchPlaceholder')} style={{ width: 240 }} onSearch={setSearch} />
        {manage && (
          <Button type="primary" onClick={() => open('new')}>
            {t('cadres.newCadre')}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton
          filename={t('cadres.title')}
          rows={rows}
          columns={[
            { header: t('cadres.name'), value: (c) => c.name },
            { header: t('cadres.gender'), value: (c) => t(`cadres.${c.gender}`) },
            { header: t('cadres.birthDate'), value: (c) => c.birthDate },
            { header: t('cadres.office'), value: (c) => c.officeName, width: 28 },
            { header: t('cadres.post'), value: (c) => c.post },
            { header: t('cadres.status'), value: (c) => t(`cadres.statuses.${c.status}`) },
            { header: t('cadres.phone'), value: (c) => c.phone },
          ]}
        />
      </div>
      <Table<Cadre>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('cadres.name'), dataIndex: 'name', width: 100 },
          { title: t('cadres.gender'), dataIndex: 'gender', width: 60, render: (g: string) => t(`cadres.${g}`) },
          { title: t('cadres.birthDate'), dataIndex: 'birthDate', width: 110 },
          { title: t('cadres.office'), dataIndex: 'officeName' },
          { title: t('cadres.post'), dataIndex: 'post' },
          { title: t('cadres.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag>{t(`cadres.statuses.${s}`)}</Tag> },
          { title: t('cadres.phone'), dataIndex: 'phone', width: 130 },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 130,
                  render: (_: unknown, c: Cadre) => (
                    <Space>
                      <Button size="small" type="link" onClick={() => open(c)}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() =>
                          modal.confirm({
                            title: t('common.delete'),
                            content: t('cadres.confirmRemove', { name: c.name }),
                            okButtonProps: { danger: true },
                            onOk: () => remove.mutateAsync({ id: c.id }),
                          })
                        }
                      >
                        {t('common.delete')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('cadres.newCadre') : t('cadres.editCadre')}
        onCancel={close}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="cadre">
          <Form.Item name="name" label={t('cadres.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input autoFocus maxLength={40} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="gender" label={t('cadres.gender')} style={{ width: '40%' }} rules={[{ required: true }]}>
              <Select options={[{ value: 'M', label: t('cadres.M') }, { value: 'F', label: t('cadres.F') }]} />
            </Form.Item>
            <Form.Item name="birthDate" label={t('cadres.birthDate')} style={{ width: '60%' }} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="officeId" label={t('cadres.office')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={officeOptions} />
          </Form.Item>
          <Form.Item name="post" label={t('cadres.post')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="status" label={t('cadres.status')} rules={[{ required: true }]}>
            <Select options={statusOptions} />
          </Form.Item>
          <Form.Item name="phone" label={t('cadres.phone')}>
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
