import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry } from '../../../../shared/contract/app';
import { rpc, RpcFailure } from '../../api/client';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { formatInstant } from '../../lib/clock';
import { fileSize } from '../../lib/format';
import { errorText } from '../../lib/errors';

/** 备份与恢复: this desk's backups, or those in a chosen folder (a USB disk); back up there; restore. */
export function BackupsCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [folderInput, setFolderInput] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  // Backups written without a check (at shutdown, before a restore) are checked in the background when listed: polled until done.
  const list = useRpc('backup.list', { folder }, { refetchInterval: (d) => (d?.some((b) => b.integrity === 'checking') ? 1000 : false) });
  const create = useRpcMutation('backup.create', { success: t('maintenance.backups.created') });
  const verify = useRpcMutation('backup.verify');
  const [restarting, setRestarting] = useState(false);
  const [foreign, setForeign] = useState<BackupEntry | null>(null);
  const [showKey, setShowKey] = useState(false);

  const restarted = () => {
    setRestarting(true);
    // The desk restarts on the restored database; the page reloads to sign in again.
    setTimeout(() => window.location.reload(), 3000);
  };

  const restore = (b: BackupEntry) =>
    modal.confirm({
      title: t('maintenance.backups.restoreTitle', { name: b.name }),
      content: t('maintenance.backups.restoreBody', { day: b.day ?? '' }),
      okText: t('maintenance.backups.restore'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await rpc('backup.restore', { file: b.file, confirm: true });
          restarted();
        } catch (e) {
          // Another installation's backup (a PC replaced): it opens with that installation's recovery key.
          if (e instanceof RpcFailure && e.code === 'DB_KEY_WRONG' && (e.details as { reason?: string } | undefined)?.reason === 'backup_key_mismatch')
            setForeign(b);
          else void message.error(errorText(t, e));
        }
      },
    });

  return (
    <Card title={t('maintenance.backups.title')} data-testid="backups">
      {restarting && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('maintenance.backups.restarting')} />}
      <Typography.Paragraph type="secondary">{t('maintenance.backups.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          style={{ width: 360 }}
          value={folderInput}
          onChange={(e) => setFolderInput(e.target.value)}
          placeholder={t('maintenance.backups.folderHint')}
          aria-label={t('maintenance.backups.folder')}
        />
        <Button onClick={() => setFolder(folderInput.trim() || null)}>{t('maintenance.backups.open')}</Button>
        <Button
          onClick={() => {
            setFolderInput('');
            setFolder(null);
          }}
        >
          {t('maintenance.backups.own')}
        </Button>
        <Button type="primary" loading={create.isPending} onClick={() => create.mutate({ folder })}>
          {folder ? t('maintenance.backups.createHere') : t('maintenance.backups.create')}
        </Button>
        <Button onClick={() => setShowKey(true)}>{t('maintenance.backups.recoveryKey')}</Button>
      </Space>
      <RecoveryKeyModal open={showKey} onClose={() => setShowKey(false)} />
      <ForeignRestoreModal backup={foreign} onClose={() => setForeign(null)} onRestored={restarted} />
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(t, list.error)} />}
      <Table<BackupEntry>
        rowKey="file"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="backup-list"
        columns={[
          { title: t('maintenance.backups.name'), dataIndex: 'name' },
          { title: t('maintenance.backups.date'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('maintenance.backups.size'), dataIndex: 'size', render: (v: number) => fileSize(v) },
          {
            title: t('maintenance.backups.integrity'),
            dataIndex: 'integrity',
            render: (v: BackupEntry['integrity']) => (
              <Tag
                color={
                  v === 'ok' ? 'green' : v === 'damaged' || v === 'not_backup' ? 'red' : v === 'foreign' ? 'gold' : v === 'checking' ? 'processing' : 'default'
                }
              >
                {t(`maintenance.backups.integrityStates.${v}`)}
              </Tag>
            ),
          },
          { title: t('maintenance.backups.auditHead'), dataIndex: 'auditHead', render: (v: number | null) => v ?? '—' },
          {
            title: t('common.actions'),
            render: (_: unknown, b) => (
              <Space>
                <Button size="small" onClick={() => verify.mutate({ file: b.file })}>
                  {t('maintenance.backups.verify')}
                </Button>
                <Button size="small" danger disabled={b.integrity === 'damaged' || b.integrity === 'not_backup'} onClick={() => restore(b)}>
                  {t('maintenance.backups.restore')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The installation's recovery key, after the administrator's password: to be written down and kept away from this PC. */
function RecoveryKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [key, setKey] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    form.resetFields();
    setKey(undefined);
    setError(null);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('maintenance.backups.recoveryKey')}
      onCancel={close}
      destroyOnHidden
      footer={key === undefined ? undefined : <Button onClick={close}>{t('common.close')}</Button>}
      okText={t('maintenance.backups.showKey')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          setKey((await rpc('backup.recoveryKey', { password: v.password })).recoveryKey);
          setError(null);
        } catch (e) {
          setError(e instanceof RpcFailure && e.code === 'BAD_CREDENTIALS' ? t('maintenance.backups.wrongPassword') : errorText(t, e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {key === undefined ? (
        <Form form={form} layout="vertical" name="recovery-key">
          <Typography.Paragraph type="secondary">{t('maintenance.backups.recoveryIntro')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
          <Form.Item name="password" label={t('maintenance.backups.yourPassword')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoFocus autoComplete="current-password" />
          </Form.Item>
        </Form>
      ) : key === null ? (
        <Alert type="info" showIcon title={t('maintenance.backups.noKey')} />
      ) : (
        <div data-testid="recovery-key">
          <Typography.Paragraph copyable={{ text: key }} style={{ fontFamily: 'monospace', fontSize: 18, letterSpacing: 1 }}>
            {key}
          </Typography.Paragraph>
          <Alert type="warning" showIcon title={t('maintenance.backups.keepKey')} />
        </div>
      )}
    </Modal>
  );
}

/** A backup made by another installation: restored with that installation's recovery key. */
function ForeignRestoreModal({ backup, onClose, onRestored }: { backup: BackupEntry | null; onClose: () => void; onRestored: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ recoveryKey: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };
  return (
    <Modal
      open={!!backup}
      title={t('maintenance.backups.foreignTitle', { name: backup?.name ?? '' })}
      onCancel={close}
      destroyOnHidden
      okText={t('maintenance.backups.restore')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          await rpc('backup.restore', { file: backup!.file, confirm: true, recoveryKey: v.recoveryKey });
          close();
          onRestored();
        } catch (e) {
          setError(
            e instanceof RpcFailure && (e.details as { reason?: string } | undefined)?.reason === 'recovery_key_wrong'
              ? t('maintenance.backups.recoveryWrong')
              : errorText(t, e),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph>{t('maintenance.backups.foreignBody')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" name="foreign-restore">
        <Form.Item
          name="recoveryKey"
          label={t('maintenance.backups.recoveryKeyInput')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: /^(?:[0-9a-fA-F][\s-]*){64}$/, message: t('maintenance.backups.recoveryFormat') },
          ]}
        >
          <Input.TextArea autoFocus rows={2} style={{ fontFamily: 'monospace' }} placeholder="XXXXXXXX-XXXXXXXX-…" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
