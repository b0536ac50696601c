import { Alert, App, Button, Input, Select, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../lib/clock';
import i18n from '../../i18n';
import type { AuditRow } from '../../../../shared/contract/audit';
import type { Output } from '../../../../shared/contract';
import { rpc } from '../../api/client';
import { useRpc } from '../../api/hooks';
import { errorText } from '../../lib/errors';
import { exportXlsx, type ExportColumn } from '../../lib/export';
import { auditLabelsZh } from './labels';

const ENTITIES = Object.keys(auditLabelsZh.entities);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const PAGE = 50;
const EXPORT_PAGE = 500;

const label = (t: TFunction, group: 'methods' | 'entities' | 'columns', key: string) => t(`audit.${group}.${key.replace(/\./g, '_')}`, { defaultValue: key });

/** Coded values read in the words the list screens use, by table and column (or column alone). */
const VALUE_DICTIONARIES: Record<string, string> = {
  role: 'roles',
  risk_level: 'zones.riskLevels',
  'cadre.status': 'cadres.statuses',
  'business.status': 'zones.bizStatuses',
  'unlicensed.status': 'zones.unlicensedStatuses',
  'career_plan.status': 'dossier.plan.statuses',
  'training_plan.status': 'training.statuses',
  // A restore the desk refused at start (backup.restoreRefused): its reason code in words.
  'database.reason': 'home.admin.refusedReasons',
  'cadre.gender': 'cadres',
  gender: 'cadres',
  'office.kind': 'offices',
  'zone_assignment.role': 'audit.assignmentRoles',
};
/** Columns stored as 0/1 (drizzle's boolean integers): read as 是/否. */
const BOOLEAN_COLUMNS = new Set([
  'active',
  'completed',
  'credit_check_failed',
  'disabled',
  'food',
  'full_time',
  'must_change_password',
  'reward',
  'sgf',
  'creditCheckFailed',
  'fullTime',
  'mustChangePassword',
]);

/** A change in words: labelled fields, names for ids, times in China Standard Time; fields that kept their value are left out. */
function changeText(t: TFunction, r: AuditRow, names: Record<string, string>): string {
  const value = (v: unknown, k?: string): string => {
    if (v === null || v === undefined || v === '') return t('audit.empty');
    // Personal data is kept in the log only as a keyed fingerprint (it shows that it changed, not what to).
    if (typeof v === 'string' && /^hmac:[0-9a-f]{8,}$/.test(v)) return t('audit.fingerprint');
    const dict = k ? (VALUE_DICTIONARIES[`${r.entity}.${k}`] ?? VALUE_DICTIONARIES[k]) : undefined;
    if (dict && typeof v === 'string' && i18n.exists(`${dict}.${v}`)) return t(`${dict}.${v}`);
    if (typeof v === 'boolean' || ((v === 0 || v === 1) && k && BOOLEAN_COLUMNS.has(k))) return t(v ? 'audit.yes' : 'audit.no');
    if (v === 0 || v === 1) return String(v);
    if (typeof v === 'string' && names[v]) return names[v];
    if (typeof v === 'string' && INSTANT.test(v)) return formatInstant(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const after = (r.after ?? {}) as Record<string, unknown>;
  const before = (r.before ?? {}) as Record<string, unknown>;
  // The row's own id and its bookkeeping times say nothing a reader needs.
  return Object.keys(after)
    .filter((k) => !['id', 'created_at', 'updated_at'].includes(k) && !(k === 'deleted_at' && after[k] === null))
    .filter((k) => !(k in before) || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) =>
      k in before
        ? t('audit.changed', { column: label(t, 'columns', k), from: value(before[k], k), to: value(after[k], k) })
        : t('audit.set', { column: label(t, 'columns', k), to: value(after[k], k) }),
    )
    .join(t('audit.changeSep'));
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [entity, setEntity] = useState<string | undefined>();
  const [actor, setActor] = useState<string | undefined>();
  const [method, setMethod] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState<string | null>(null);
  const filter = { entity, actor, method };
  const list = useRpc('audit.list', { ...filter, limit: PAGE, offset: (page - 1) * PAGE });
  const [verdict, setVerdict] = useState<Output<'audit.verify'> | null>(null);
  const rows = list.data?.rows ?? [];
  const names = list.data?.names ?? {};
  const object = (r: AuditRow, n: Record<string, string>) => {
    const entity = label(t, 'entities', r.entity);
    const name = r.entityName || (r.entityId ? n[r.entityId] : undefined);
    return name ? t('audit.object', { entity, name }) : entity;
  };

  /** Every row the filter selects, read page by page, into one workbook. */
  async function exportAll() {
    const all: { row: AuditRow; names: Record<string, string> }[] = [];
    try {
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const r = await rpc('audit.list', { ...filter, limit: EXPORT_PAGE, offset });
        for (const row of r.rows) all.push({ row, names: r.names });
        setExporting(t('audit.exportingAll', { n: all.length, total: r.total }));
        if (r.rows.length < EXPORT_PAGE) break;
      }
      const columns: ExportColumn<{ row: AuditRow; names: Record<string, string> }>[] = [
        { header: t('audit.seq'), value: ({ row }) => row.seq },
        { header: t('audit.at'), value: ({ row }) => formatInstant(row.at, true), width: 20 },
        { header: t('audit.actor'), value: ({ row }) => row.actorName },
        { header: t('audit.method'), value: ({ row }) => label(t, 'methods', row.method), width: 22 },
        { header: t('audit.entity'), value: ({ row, names: n }) => object(row, n), width: 30 },
        { header: t('audit.change'), value: ({ row, names: n }) => changeText(t, row, n), width: 80 },
      ];
      const n = await exportXlsx(t('audit.title'), t('audit.title'), columns, all);
      void message.success(t('common.exported', { n }));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setExporting(null);
    }
  }

  return (
    <>
      <div className="page-toolbar">
        <Select
          allowClear
          placeholder={t('audit.filterEntity')}
          style={{ width: 180 }}
          value={entity}
          onChange={(v) => (setEntity(v), setPage(1))}
          options={ENTITIES.map((e) => ({ value: e, label: label(t, 'entities', e) }))}
          showSearch
          optionFilterProp="label"
        />
        <Input.Search allowClear placeholder={t('audit.filterActor')} style={{ width: 180 }} onSearch={(v) => (setActor(v || undefined), setPage(1))} />
        <Input.Search allowClear placeholder={t('audit.filterMethod')} style={{ width: 200 }} onSearch={(v) => (setMethod(v || undefined), setPage(1))} />
        <Button type="primary" onClick={async () => setVerdict(await rpc('audit.verify', {}))}>
          {t('audit.verify')}
        </Button>
        <span className="spacer" />
        <Button loading={!!exporting} disabled={!list.data?.total} onClick={() => void exportAll()} data-testid="audit-export">
          {exporting ?? t('common.export')}
        </Button>
      </div>
      {verdict && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          closable
          onClose={() => setVerdict(null)}
          type={verdict.ok ? 'success' : 'error'}
          title={verdict.ok ? t('audit.verifyOk', { n: verdict.checked }) : t(`audit.problems.${verdict.problem ?? 'edited'}`, { seq: verdict.firstBadSeq })}
          description={
            <span data-testid="audit-anchors">
              {verdict.lastAnchoredSeq !== null
                ? t('audit.lastAnchored', {
                    seq: verdict.lastAnchoredSeq,
                    sources: [
                      ...new Set(verdict.anchors.filter((a) => a.seq === verdict.lastAnchoredSeq).map((a) => t(`audit.anchorSources.${a.source}`))),
                    ].join(t('common.listSep')),
                  })
                : t('audit.noAnchor')}
              {verdict.archivedThrough !== null && <> {t('audit.archivedThrough', { seq: verdict.archivedThrough })}</>}
            </span>
          }
        />
      )}
      <Table<AuditRow>
        rowKey="seq"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        data-testid="audit-log"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 175, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatInstant(v, true)}</span> },
          { title: t('audit.actor'), dataIndex: 'actorName', width: 100 },
          { title: t('audit.method'), width: 150, render: (_: unknown, r) => <span title={r.method}>{label(t, 'methods', r.method)}</span> },
          { title: t('audit.entity'), width: 200, render: (_: unknown, r) => object(r, names) },
          {
            title: t('audit.change'),
            render: (_: unknown, r) => (
              <Typography.Text ellipsis={{ tooltip: changeText(t, r, names) }} style={{ maxWidth: 520 }}>
                {changeText(t, r, names)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
