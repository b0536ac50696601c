import { Alert, Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../lib/clock';
import { syncErrorText } from '../../lib/errors';
import { useNavigate } from 'react-router';
import { useSyncStatus } from './useSyncStatus';

const COLORS = { unconfigured: 'default', idle: 'success', syncing: 'processing', offline: 'warning', error: 'error', readonly: 'error' } as const;

/** Shown in the header on every screen. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const s = useSyncStatus();
  if (!s) return null;
  const damaged = s.integrity === 'failed';
  const label =
    (damaged ? t('sync.integrity.failed') : t(`sync.states.${s.state}`)) +
    (s.pending ? ` · ${t('sync.pending')} ${s.pending}` : '') +
    (s.conflicts ? ` · ${t('sync.conflicts')} ${s.conflicts}` : '') +
    (s.rejected ? ` · ${t('sync.rejectedTitle')} ${s.rejected}` : '') +
    (s.quarantined ? ` · ${t('sync.quarantineShort')} ${s.quarantined}` : '');
  const attention = s.rejected > 0 || s.quarantined > 0;
  return (
    <Tooltip
      title={
        damaged ? t('sync.integrity.help') : (syncErrorText(t, s) ?? (s.lastSuccess ? `${t('sync.lastSuccess')} ${formatInstant(s.lastSuccess)}` : undefined))
      }
    >
      <Button size="small" type="text" onClick={() => nav('/sync')} data-testid="sync-indicator">
        <Badge status={attention && s.state === 'idle' ? 'warning' : COLORS[s.state]} text={label} />
      </Button>
    </Tooltip>
  );
}

/** Above every screen once the database's integrity check has failed: the app is read-only. */
export function IntegrityBanner() {
  const { t } = useTranslation();
  const s = useSyncStatus();
  if (s?.integrity !== 'failed') return null;
  return (
    <Alert
      type="error"
      showIcon
      banner
      role="alert"
      data-testid="integrity-failed"
      title={t('sync.integrity.failed')}
      description={t('sync.integrity.help')}
      style={{ marginBottom: 16 }}
    />
  );
}
