import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { USERNAME_RE } from '../../../shared/contract/auth';
import { areaCodeRule } from '../lib/rules';
import { passwordProblem } from '../../../shared/domain/password';
import { rpc, RpcFailure } from '../api/client';
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

const MAX_RETRIES = 3;

export function SetupWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [retryNote, setRetryNote] = useState<string | null>(null);
  const mode = (Form.useWatch('mode', form) as Values['mode'] | undefined) ?? 'create';

  async function next() {
    await form.validateFields(mode === 'create' ? ['bureauName', 'bureauCode'] : ['hubUrl', 'code', 'deviceName']);
    setStep(1);
  }

  async function finish() {
    const v = await form.validateFields();
    setBusy(true);
    setRetryNote(null);
    const all = form.getFieldsValue(true) as Values;
    const setup = () =>
      rpc('auth.setup', {
        ...(all.mode === 'join'
          ? { join: { hubUrl: all.hubUrl, code: all.code, deviceName: all.deviceName, allowInsecure: !!all.allowInsecure } }
          : { bureauName: all.bureauName, bureauCode: all.bureauCode }),
        username: v.username,
        displayName: v.displayName,
        password: v.password,
        loadSample: all.mode !== 'join' && !!v.loadSample,
      });
    try {
      // A join whose reply or first pull was lost is tried again with the same code (it stays
      // good until the first sync completes): a few times on its own, then on the next press.
      for (let attempt = 1; ; attempt++) {
        try {
          await setup();
          break;
        } catch (e) {
          const retryable =
            all.mode === 'join' &&
            e instanceof RpcFailure &&
            (e.code === 'HUB_UNREACHABLE' || (e.details as { retryable?: boolean } | undefined)?.retryable === true);
          if (!retryable || attempt > MAX_RETRIES) {
            if (retryable) setRetryNote(t('sync.retryFailed'));
            throw e;
          }
          const wait = 2 ** attempt;
          for (let left = wait; left > 0; left--) {
            setRetryNote(t('sync.retrying', { s: left, n: attempt, max: MAX_RETRIES }));
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      }
      setRetryNote(null);
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
      <Card
        style={{ width: 560 }}
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('setup.title')}
          </Typography.Title>
        }
      >
        <Steps
          size="small"
          current={step}
          items={[{ title: mode === 'join' ? t('setup.stepJoin') : t('setup.stepBureau') }, { title: t('setup.stepAdmin') }]}
          style={{ marginBottom: 24 }}
        />
        <Alert type="info" showIcon title={mode === 'join' ? t('setup.joinIntro') : t('setup.intro')} style={{ marginBottom: 16 }} />
        <Form
          form={form}
          layout="vertical"
          name="setup"
          initialValues={{ loadSample: true, mode: 'create', deviceName: 'Branch Desk' }}
          onFinish={step === 0 ? next : finish}
        >
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <Form.Item name="mode">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'create', label: t('sync.create') },
                  { value: 'join', label: t('sync.join') },
                ]}
              />
            </Form.Item>
            {mode === 'join' && (
              <>
                <Alert type="info" title={t('sync.joinHint')} style={{ marginBottom: 12 }} />
                <HubEnrolFields />
              </>
            )}
            <div style={{ display: mode === 'create' ? 'block' : 'none' }}>
              <Form.Item
                name="bureauName"
                label={t('setup.bureauName')}
                rules={mode === 'create' ? [{ required: true, whitespace: true, message: t('common.required') }] : []}
              >
                <Input autoFocus maxLength={60} />
              </Form.Item>
              <Form.Item name="bureauCode" label={t('setup.bureauCode')} extra={t('setup.bureauCodeHint')} rules={mode === 'create' ? [areaCodeRule(t)] : []}>
                <Input maxLength={6} inputMode="numeric" />
              </Form.Item>
            </div>
          </div>
          {step === 1 && (
            <>
              <Form.Item
                name="username"
                label={t('setup.username')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required') },
                  { pattern: USERNAME_RE, message: t('users.usernameRule') },
                ]}
              >
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
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))),
                  }),
                ]}
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
          {retryNote && <Alert type="warning" showIcon title={retryNote} style={{ marginBottom: 12 }} role="status" data-testid="join-retry" />}
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
