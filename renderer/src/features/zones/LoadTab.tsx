import { Alert, App, Button, Modal, Select, Space, Table, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listText } from '../../lib/format';
import { todayJs } from '../../lib/clock';
import type { CadreLoad } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { errorText } from '../../lib/errors';
import { ExportButton } from '../../lib/ExportButton';
import { ChooseStation } from './ZonesPage';

export function LoadTab({ officeId }: { officeId?: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const load = useRpc('zones.load', { officeId }, { enabled: !!officeId });
  const [leaving, setLeaving] = useState<CadreLoad | null>(null);
  if (!officeId) return <ChooseStation />;
  const d = load.data;
  const rows = d?.rows ?? [];
  return (
    <>
      {d && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('zones.loadThreshold', { n: d.threshold, v: d.settingVersion })} />}
      {d && d.unownedZones.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('zones.unownedAlert', { n: d.unownedZones.length, names: listText(d.unownedZones.map((z) => z.name)) })}
        />
      )}
      <div className="page-toolbar">
        <span className="spacer" />
        <ExportButton<CadreLoad>
          filename={t('zones.tabs.load')}
          rows={rows}
          columns={[
            { header: t('zones.cadre'), value: (r) => r.name },
            { header: t('cadres.status'), value: (r) => t(`cadres.statuses.${r.status}`) },
            { header: t('zones.zonesOwned'), value: (r) => listText(r.zoneNames), width: 40 },
            { header: t('zones.businesses'), value: (r) => r.businesses },
            { header: t('zones.unlicensed'), value: (r) => r.unlicensed },
            { header: t('zones.food'), value: (r) => r.food },
            {
              header: t('zones.warnings'),
              value: (r) => listText(r.warnings.map((w) => t(`zones.${w === 'over_threshold' ? 'overThreshold' : 'unavailable'}`))),
            },
          ]}
        />
      </div>
      <Table<CadreLoad>
        rowKey="cadreId"
        size="small"
        loading={load.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('zones.cadre'), dataIndex: 'name', width: 100 },
          { title: t('cadres.status'), dataIndex: 'status', width: 100, render: (s: string) => t(`cadres.statuses.${s}`) },
          {
            title: t('zones.zonesOwned'),
            render: (_: unknown, r) => (r.zones ? t('zones.zonesOwnedList', { n: r.zones, names: listText(r.zoneNames) }) : r.zones),
          },
          { title: t('zones.businesses'), dataIndex: 'businesses', width: 90, align: 'right' },
          { title: t('zones.unlicensed'), dataIndex: 'unlicensed', width: 70, align: 'right' },
          { title: t('zones.food'), dataIndex: 'food', width: 80, align: 'right' },
          {
            title: t('zones.warnings'),
            width: 200,
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.warnings.includes('over_threshold') && <Tag color="red">{t('zones.overThreshold')}</Tag>}
                {r.warnings.includes('unavailable') && <Tag color="orange">{t('zones.unavailable')}</Tag>}
              </Space>
            ),
          },
          ...(can('zones.manage')
            ? [
                {
                  title: t('common.actions'),
                  width: 100,
                  render: (_: unknown, r: CadreLoad) =>
                    r.zones > 0 && (
                      <Button size="small" type="link" onClick={() => setLeaving(r)}>
                        {t('zones.reassign')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {leaving && <ReassignModal officeId={officeId} from={leaving} onClose={() => (setLeaving(null), void load.refetch())} />}
    </>
  );
}

function ReassignModal({ officeId, from, onClose }: { officeId: string; from: CadreLoad; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const zones = useRpc('zones.list', { officeId });
  const cadres = useRpc('cadres.list', { officeId });
  const owned = (zones.data ?? []).filter((z) => z.owner?.cadreId === from.cadreId);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [date, setDate] = useState(todayJs);
  const [preview, setPreview] = useState<{ zoneName: string; fromName: string; toName: string }[] | null>(null);
  const input = (commit: boolean) => ({
    fromCadreId: from.cadreId,
    date: date.format('YYYY-MM-DD'),
    targets: owned.map((z) => ({ zoneId: z.id, cadreId: targets[z.id] ?? '' })),
    commit,
  });
  async function run(commit: boolean) {
    try {
      const r = await rpc('zones.reassignAll', input(commit));
      if (commit) {
        void message.success(t('common.saved'));
        onClose();
      } else setPreview(r.moves);
    } catch (e) {
      void message.error(errorText(t, e));
    }
  }
  const options = (cadres.data ?? [])
    .filter((c) => c.id !== from.cadreId && !c.pastRetirement && !['retired', 'transferred'].includes(c.status))
    .map((c) => ({ value: c.id, label: c.name }));
  const complete = owned.every((z) => targets[z.id]);
  return (
    <Modal
      open
      width={600}
      title={t('zones.reassignTitle', { name: from.name })}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="p" disabled={!complete} onClick={() => void run(false)}>
          {t('zones.preview')}
        </Button>,
        <Button key="ok" type="primary" disabled={!preview} onClick={() => void run(true)}>
          {t('zones.confirmApply')}
        </Button>,
      ]}
    >
      <Alert type="info" showIcon title={t('zones.reassignHint')} style={{ marginBottom: 12 }} />
      <Space direction="vertical" style={{ width: '100%' }}>
        {owned.map((z) => (
          <Space key={z.id} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>{z.name}</span>
            <Select
              aria-label={`${z.name} ${t('zones.moveTo')}`}
              style={{ width: 220 }}
              placeholder={t('zones.moveTo')}
              value={targets[z.id]}
              options={options}
              onChange={(v) => (setTargets({ ...targets, [z.id]: v }), setPreview(null))}
            />
          </Space>
        ))}
        <Space>
          {t('zones.effectiveDate')}
          <DatePicker value={date} onChange={(d) => d && (setDate(d), setPreview(null))} />
        </Space>
      </Space>
      {preview && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          title={t('zones.preview')}
          description={
            <div data-testid="plan">
              {preview.map((m) => (
                <div key={m.zoneName}>{t('zones.reassignPreview', { zone: m.zoneName, from: m.fromName, to: m.toName })}</div>
              ))}
            </div>
          }
        />
      )}
    </Modal>
  );
}
