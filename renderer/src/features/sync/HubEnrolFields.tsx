import { Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** Hub address, one-time code, device name and the explicit http opt-in: shared by the wizard and the sync screen. */
export function HubEnrolFields() {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Form.Item name="hubUrl" label={t('sync.hubUrl')} extra={t('sync.hubUrlHint')} rules={required}>
        <Input placeholder="https://" />
      </Form.Item>
      <Form.Item name="code" label={t('sync.code')} extra={t('sync.codeHint')} rules={required}>
        <Input placeholder="XXXX-XXXX-XXXX" />
      </Form.Item>
      <Form.Item name="deviceName" label={t('sync.deviceName')} rules={required}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item name="allowInsecure" valuePropName="checked">
        <Checkbox>{t('sync.allowInsecure')}</Checkbox>
      </Form.Item>
    </>
  );
}
