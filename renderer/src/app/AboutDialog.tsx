import { Button, Descriptions, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../api/hooks';

/** 关于: the product's name, its version and the folder that holds its data. */
export function AboutButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('about.button')}
      </Button>
      {open && <AboutDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function AboutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const about = useRpc('app.about', {});
  const a = about.data;
  return (
    <Modal open title={t('about.title')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>}>
      {a && (
        <Descriptions column={1} size="small" bordered data-testid="about">
          <Descriptions.Item label={t('about.name')}>
            {t('app.title')} · {a.productName}
          </Descriptions.Item>
          <Descriptions.Item label={t('about.version')}>{a.version}</Descriptions.Item>
          <Descriptions.Item label={t('about.runtime')}>{a.electron ? t('about.desktop', { electron: a.electron }) : t('about.browser')}</Descriptions.Item>
          <Descriptions.Item label={t('about.dataDir')}>
            <Typography.Text copyable code>
              {a.dataDir}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}
