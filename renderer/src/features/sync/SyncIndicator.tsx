import { Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSyncStatus } from './useSyncStatus';

const COLORS = { unconfigured: 'default', idle: 'success', syncing: 'processing', offline: 'warning', error: 'error', readonly: 'error' } as const;

/** Shown in the header on every screen. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const s = useSyncStatus();
  if (!s) return null;
  const label = t(`sync.states.${s.state}`) + (s.pending ? ` · ${t('sync.pending')} ${s.pending}` : '') + (s.conflicts ? ` · ${t('sync.conflicts')} ${s.conflicts}` : '');
  return (
    <Tooltip title={s.error ?? (s.lastSuccess ? `${t('sync.lastSuccess')} ${new Date(s.lastSuccess).toLocaleString()}` : undefined)}>
      <Button size="small" type="text" onClick={() => nav('/sync')} data-testid="sync-indicator">
        <Badge status={COLORS[s.state]} text={label} />
      </Button>
    </Tooltip>
  );
}
