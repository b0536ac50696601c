import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaCodeRule } from '../lib/rules';
import { passwordProblem } from '../../../shared/domain/password';
import { rpc } from '../api/client';
import { HubEnrolFields } from '../features/sync/HubEnrolFields';
import { errorText } from '../lib/errors';
import { useAuth } from './auth';

interface Values {
  bureauName: string;
  bureauCode: string;
  username: string;
  displayName: string;
  password: string;
  password2: string;
  loadSample: boolean;
  mode: 'create' | 'join';
  hubUrl: string;
  code: string;
  deviceName: string;
  allowInsecure: boolean;
}

export function SetupWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const mode = (Form.useWatch('mode', form) as Values['mode'] | undefined) ?? 'create';

  async function next() {
    await form.validateFields(mode === 'create' ? ['bureauName', 'bureauCode'] : ['hubUrl', 'code', 'deviceName']);
    setStep(1);
  }

  async function finish() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const all = form.getFieldsValue(true) as Values;
      await rpc('auth.setup', {
        ...(all.mode === 'join'
          ? { join: { hubUrl: all.hubUrl, code: all.code, deviceName: all.deviceName, allowInsecure: !!all.allowInsecure } }
          : { bureauName: all.bureauName, bureauCode: all.bureauCode }),
        username: v.username,
        displayName: v.displayName,
        password: v.password,
        loadSample: all.mode !== 'join' && !!v.loadSample,
      });
      void message.success(t('setup.done'));
      await auth.refresh();
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-page">
      <Card style={{ width: 560 }} title={<Typography.Title level={4} style={{ margin: 0 }}>{t('setup.title')}</Typography.Title>}>
        <Steps size="small" current={step} items={[{ title: t('setup.stepBureau') }, { title: t('setup.stepAdmin') }]} style={{ marginBottom: 24 }} />
        <Alert type="info" showIcon title={t('setup.intro')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" name="setup" initialValues={{ loadSample: true, mode: 'create', deviceName: 'Branch Desk' }} onFinish={step === 0 ? next : finish}>
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <Form.Item name="mode">
              <Radio.Group optionType="button" options={[{ value: 'create', label: t('sync.create') }, { value: 'join', label: t('sync.join') }]} />
            </Form.Item>
            {mode === 'join' && (
              <>
                <Alert type="info" title={t('sync.joinHint')} style={{ marginBottom: 12 }} />
                <HubEnrolFields />
              </>
            )}
            <div style={{ display: mode === 'create' ? 'block' : 'none' }}>
            <Form.Item name="bureauName" label={t('setup.bureauName')} rules={mode === 'create' ? [{ required: true, whitespace: true, message: t('common.required') }] : []}>
              <Input autoFocus maxLength={60} />
            </Form.Item>
            <Form.Item
              name="bureauCode"
              label={t('setup.bureauCode')}
              extra={t('setup.bureauCodeHint')}
              rules={mode === 'create' ? [areaCodeRule(t)] : []}
            >
              <Input maxLength={6} inputMode="numeric" />
            </Form.Item>
            </div>
          </div>
          {step === 1 && (
            <>
              <Form.Item name="username" label={t('setup.username')} rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: t('common.required') }]}>
                <Input autoFocus autoComplete="username" />
              </Form.Item>
              <Form.Item name="displayName" label={t('setup.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('setup.password')}
                extra={t('password.hint')}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_r, v: string) => {
                      const p = passwordProblem(v ?? '', getFieldValue('username'));
                      return p ? Promise.reject(new Error(t(`password.${p}`))) : Promise.resolve();
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="password2"
                label={t('setup.password2')}
                dependencies={['password']}
                rules={[({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))) })]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              {mode === 'create' && (
                <Form.Item name="loadSample" valuePropName="checked" extra={t('setup.sampleHint')}>
                  <Checkbox>{t('setup.sample')}</Checkbox>
                </Form.Item>
              )}
            </>
          )}
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <Button disabled={step === 0} onClick={() => setStep(0)}>
              {t('setup.prev')}
            </Button>
            <Button type="primary" htmlType="submit" loading={busy}>
              {step === 0 ? t('setup.next') : t('setup.finish')}
            </Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
