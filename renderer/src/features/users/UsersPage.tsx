import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { USERNAME_RE } from '../../../../shared/contract/auth';
import { formatInstant, now } from '../../lib/clock';
import type { User } from '../../../../shared/contract/auth';
import { ROLES } from '../../../../shared/contract/roles';
import { passwordProblem } from '../../../../shared/domain/password';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../lib/ExportButton';

type Mode = { kind: 'new' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { me } = useAuth();
  const users = useRpc('users.list', {});
  const offices = useRpc('offices.list', { includeInactive: true });
  const [mode, setMode] = useState<Mode>(null);
  const [form] = Form.useForm();
  const formOffice = Form.useWatch('officeId', form) as string | undefined;
  const cadres = useRpc('cadres.list', { officeId: formOffice }, { enabled: !!formOffice });
  const close = () => (setMode(null), form.resetFields());
  const create = useRpcMutation('users.create', { success: t('common.saved'), onSuccess: close });
  const update = useRpcMutation('users.update', { success: t('common.saved'), onSuccess: close });
  const reset = useRpcMutation('users.resetPassword', { success: t('users.resetDone'), onSuccess: close });
  const unlock = useRpcMutation('users.unlock', { success: t('common.saved') });
  const officeName = new Map((offices.data ?? []).map((o) => [o.id, o.name]));
  const officeOptions = (offices.data ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }));
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const locked = (u: User) => !!u.lockedUntil && Date.parse(u.lockedUntil) > now();

  function open(m: Mode) {
    setMode(m);
    form.resetFields();
    if (m?.kind === 'edit') form.setFieldsValue({ displayName: m.user.displayName, role: m.user.role, officeId: m.user.officeId, cadreId: m.user.cadreId });
  }

  async function submit() {
    const v = await form.validateFields();
    if (mode?.kind === 'new') create.mutate({ ...v, cadreId: v.cadreId ?? null });
    else if (mode?.kind === 'edit') update.mutate({ id: mode.user.id, ...v, cadreId: v.cadreId ?? null });
    else if (mode?.kind === 'reset') reset.mutate({ id: mode.user.id, newPassword: v.newPassword });
  }

  const pwRule = (field: string) => ({
    validator: (_r: unknown, v: string) => {
      const name = mode?.kind === 'new' ? form.getFieldValue('username') : mode && 'user' in mode ? mode.user.username : '';
      const p = passwordProblem(v ?? '', name);
      return p ? Promise.reject(new Error(t(`password.${p}`))) : Promise.resolve();
    },
    field,
  });

  const rows = users.data ?? [];
  return (
    <>
      <div className="page-toolbar">
        <Button type="primary" onClick={() => open({ kind: 'new' })}>
          {t('users.newUser')}
        </Button>
        <span className="spacer" />
        <ExportButton
          filename={t('users.title')}
          rows={rows}
          columns={[
            { header: t('users.username'), value: (u) => u.username },
            { header: t('users.displayName'), value: (u) => u.displayName },
            { header: t('users.role'), value: (u) => t(`roles.${u.role}`) },
            { header: t('users.office'), value: (u) => officeName.get(u.officeId), width: 30 },
            { header: t('users.state'), value: (u) => (u.disabled ? t('users.disabled') : t('users.enabled')) },
            { header: t('users.lastLogin'), value: (u) => formatInstant(u.lastLoginAt), width: 24 },
          ]}
        />
      </div>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.role'), dataIndex: 'role', render: (r: string) => <Tag color="blue">{t(`roles.${r}`)}</Tag> },
          { title: t('users.office'), dataIndex: 'officeId', render: (id: string) => officeName.get(id) },
          {
            title: t('users.state'),
            render: (_: unknown, u: User) => (
              <Space size={4}>
                {u.disabled ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>}
                {locked(u) && <Tag color="red">{t('users.locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
              </Space>
            ),
          },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? formatInstant(v) : '—') },
          {
            title: t('common.actions'),
            render: (_: unknown, u: User) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open({ kind: 'edit', user: u })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" type="link" onClick={() => open({ kind: 'reset', user: u })}>
                  {t('users.resetPassword')}
                </Button>
                {locked(u) && (
                  <Button size="small" type="link" onClick={() => unlock.mutate({ id: u.id })}>
                    {t('users.unlock')}
                  </Button>
                )}
                {u.id !== me!.id && (
                  <Button
                    size="small"
                    type="link"
                    danger={!u.disabled}
                    onClick={() =>
                      u.disabled
                        ? update.mutate({ id: u.id, disabled: false })
                        : modal.confirm({
                            title: t('users.disable'),
                            content: t('users.confirmDisable', { name: u.displayName }),
                            okButtonProps: { danger: true },
                            onOk: () => update.mutateAsync({ id: u.id, disabled: true }),
                          })
                    }
                  >
                    {u.disabled ? t('users.enable') : t('users.disable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={mode !== null}
        title={
          mode?.kind === 'new'
            ? t('users.newUser')
            : mode?.kind === 'edit'
              ? t('users.editUser')
              : t('users.resetTitle', { name: mode?.user.displayName ?? '' })
        }
        onCancel={close}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending || reset.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="user">
          {mode?.kind === 'new' && (
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { pattern: USERNAME_RE, message: t('users.usernameRule') },
              ]}
            >
              <Input autoFocus autoComplete="off" />
            </Form.Item>
          )}
          {mode?.kind !== 'reset' && (
            <>
              <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={roleOptions} />
              </Form.Item>
              <Form.Item name="officeId" label={t('users.office')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={officeOptions} showSearch optionFilterProp="label" onChange={() => form.setFieldValue('cadreId', null)} />
              </Form.Item>
              <Form.Item name="cadreId" label={t('users.cadre')} extra={t('users.cadreHint')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={(cadres.data ?? []).map((c) => ({ value: c.id, label: c.post ? t('users.cadreOption', { name: c.name, post: c.post }) : c.name }))}
                />
              </Form.Item>
            </>
          )}
          {mode?.kind === 'new' && (
            <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHint')} rules={[pwRule('password')]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          {mode?.kind === 'reset' && (
            <Form.Item name="newPassword" label={t('users.newPassword')} extra={t('password.hint')} rules={[pwRule('newPassword')]}>
              <Input.Password autoFocus autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
