import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CADRE_IMPORT_COLUMNS, CADRE_IMPORT_EXAMPLE, type CadreImportKey } from '../../../../shared/contract/offices';
import { exportXlsx } from '../../lib/export';
import { ImportDialog } from '../imports/ImportDialog';

const KEYS = Object.keys(CADRE_IMPORT_COLUMNS) as CadreImportKey[];

/** The register's import: the app's own export, the template, or an HR system's file. */
export function CadreImport({ offices }: { offices: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const template = () =>
    exportXlsx(
      t('cadres.importTemplate'),
      t('cadres.registerTitle'),
      KEYS.map((k) => ({ header: CADRE_IMPORT_COLUMNS[k], value: (r: Record<string, string>) => r[k] })),
      [{ ...CADRE_IMPORT_EXAMPLE, office: offices[0]?.label ?? '' }],
    );
  return (
    <>
      <Button onClick={() => void template()}>{t('cadres.importTemplate')}</Button>
      <Button onClick={() => setOpen(true)}>{t('cadres.import')}</Button>
      {open && <ImportDialog target={{ kind: 'cadres' }} title={t('zones.importTitleCadres')} onClose={() => setOpen(false)} />}
    </>
  );
}
