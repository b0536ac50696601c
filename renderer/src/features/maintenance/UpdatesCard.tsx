import { App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { formatInstant } from '../../lib/clock';

/** 更新: the office's update folder, the last check, and the restart the user chooses. */
export function UpdatesCard() {
  const { t } = useTranslation();
  const status = useRpc('update.status', {});
  const [form] = Form.useForm<{ feedUrl: string }>();
  const configure = useRpcMutation('update.configure', { success: t('common.saved') });
  const check = useRpcMutation('update.check');
  const s = status.data;
  useEffect(() => {
    if (s) form.setFieldsValue({ feedUrl: s.feedUrl ?? '' });
  }, [s?.feedUrl]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the saved address changes
  if (!s) return null;
  return (
    <Card title={t('maintenance.updates.title')} data-testid="updates">
      <Typography.Paragraph type="secondary">{t('maintenance.updates.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => configure.mutate({ feedUrl: v.feedUrl?.trim() ? v.feedUrl.trim() : null })}>
        <Form.Item name="feedUrl" label={t('maintenance.updates.feedUrl')}>
          <Input style={{ width: 360 }} placeholder="http://10.12.0.5/branch-desk/" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={configure.isPending}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
      <Descriptions column={1} size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('maintenance.updates.current')}>{s.current}</Descriptions.Item>
        <Descriptions.Item label={t('maintenance.updates.state')}>
          <Tag>{s.supported ? t(`maintenance.updates.states.${s.state}`) : t('maintenance.updates.unsupported')}</Tag>
          {s.reason && <Typography.Text type="secondary">{t(`maintenance.updates.reasons.${s.reason}`, { version: s.offered })}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('maintenance.updates.lastCheck')}>{s.lastCheckAt ? formatInstant(s.lastCheckAt) : '—'}</Descriptions.Item>
      </Descriptions>
      <Space>
        <Button disabled={!s.supported || !s.feedUrl} loading={check.isPending} onClick={() => check.mutate({})}>
          {t('maintenance.updates.check')}
        </Button>
        <RestartButton />
      </Space>
    </Card>
  );
}

/** Shown to whoever is signed in once an update is downloaded: the restart happens when they choose. */
export function RestartButton({ size }: { size?: 'small' }) {
  const { t } = useTranslation();
  const status = useRpc('update.status', {});
  const install = useRpcMutation('update.install');
  const { modal } = App.useApp();
  if (status.data?.state !== 'downloaded') return null;
  const v = status.data.offered;
  return (
    <Button
      size={size}
      type="primary"
      data-testid="update-ready"
      onClick={() =>
        modal.confirm({
          title: t('maintenance.updates.restartTitle', { version: v }),
          content: t('maintenance.updates.restartBody'),
          okText: t('maintenance.updates.restart'),
          cancelText: t('maintenance.updates.later'),
          onOk: () => install.mutateAsync({}),
        })
      }
    >
      {t('maintenance.updates.ready', { version: v })}
    </Button>
  );
}
