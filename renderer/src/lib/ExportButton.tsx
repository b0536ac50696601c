import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportXlsx, type ExportColumn } from './export';

export function ExportButton<T>({
  filename,
  columns,
  rows,
  sheet,
  label,
}: {
  filename: string;
  columns: ExportColumn<T>[];
  rows: T[];
  sheet?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      loading={busy}
      disabled={rows.length === 0}
      onClick={async () => {
        setBusy(true);
        try {
          const n = await exportXlsx(filename, sheet ?? filename, columns, rows);
          void message.success(t('common.exported', { n }));
        } catch {
          void message.error(t('errors.INTERNAL'));
        } finally {
          setBusy(false);
        }
      }}
    >
      {label ?? t('common.export')}
    </Button>
  );
}
