import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';
import { useAuth } from './auth';

export function Login() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await auth.login(v.username, v.password);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-page">
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        {auth.bureauName && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {auth.bureauName}
          </Typography.Paragraph>
        )}
        {auth.notice && <Alert type="warning" showIcon title={t(`errors.${auth.notice}`)} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" name="login" onFinish={submit}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            {t('login.lockHint')}
          </Typography.Paragraph>
        </Form>
      </Card>
    </div>
  );
}
