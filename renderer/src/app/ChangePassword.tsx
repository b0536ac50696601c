import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordProblem } from '../../../shared/domain/password';
import { rpc } from '../api/client';
import { errorText } from '../lib/errors';
import { useAuth } from './auth';

export function ChangePassword() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const [busy, setBusy] = useState(false);

  async function submit(v: { oldPassword: string; newPassword: string }) {
    setBusy(true);
    try {
      await rpc('auth.changePassword', v);
      void message.success(t('login.changed'));
      await auth.refresh();
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-page">
      <Card
        style={{ width: 420 }}
        title={t('login.changeTitle')}
        extra={
          <Button type="link" onClick={() => void auth.logout()}>
            {t('login.logout')}
          </Button>
        }
      >
        <Alert
          type="info"
          showIcon
          title={t(auth.me?.passwordChangeReason === 'new' ? 'login.firstIntro' : 'login.changeIntro')}
          style={{ marginBottom: 16 }}
        />
        <Form layout="vertical" name="changePassword" onFinish={submit}>
          <Form.Item name="oldPassword" label={t('login.oldPassword')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoFocus autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('login.newPassword')}
            extra={t('password.hint')}
            rules={[
              {
                validator: (_r, v: string) => {
                  const p = passwordProblem(v ?? '', auth.me?.username);
                  return p ? Promise.reject(new Error(t(`password.${p}`))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
