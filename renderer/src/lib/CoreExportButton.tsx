import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadBase64 } from './download';
import { errorText } from './errors';

/** An export the core writes (so its import reads it back), saved through the browser's download. */
export function CoreExportButton({
  filename,
  run,
  disabled,
  label,
}: {
  filename: string;
  run: () => Promise<{ fileBase64: string; rows: number }>;
  disabled?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      loading={busy}
      disabled={disabled}
      onClick={async () => {
        setBusy(true);
        try {
          const r = await run();
          downloadBase64(filename, r.fileBase64);
          void message.success(t('common.exported', { n: r.rows }));
        } catch (e) {
          void message.error(errorText(t, e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {label ?? t('common.export')}
    </Button>
  );
}
