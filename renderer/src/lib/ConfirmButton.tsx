import { App, Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A small red link button that asks before a destructive action (删除, 取消报名 …). */
export function ConfirmButton({
  label,
  title,
  content,
  okText,
  onConfirm,
}: {
  label?: ReactNode;
  title: ReactNode;
  content?: ReactNode;
  okText?: string;
  onConfirm: () => Promise<unknown> | void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return (
    <Button
      size="small"
      type="link"
      danger
      onClick={() =>
        modal.confirm({
          title,
          content,
          okButtonProps: { danger: true },
          okText: okText ?? t('common.confirm'),
          cancelText: t('common.cancel'),
          onOk: onConfirm,
        })
      }
    >
      {label ?? t('common.delete')}
    </Button>
  );
}
