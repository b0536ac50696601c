import { Alert, Button, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../../shared/contract/admin';
import { rpc } from '../../api/client';
import { useRpc } from '../../api/hooks';
import { ExportButton } from '../../lib/ExportButton';

const ENTITIES = ['office', 'cadre', 'app_user', 'setting_version'];

function brief(v: unknown): string {
  if (!v) return '';
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
    .join('，');
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<string | undefined>();
  const [actor, setActor] = useState<string | undefined>();
  const [method, setMethod] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useRpc('audit.list', { entity, actor, method, limit: 50, offset: (page - 1) * 50 });
  const [verdict, setVerdict] = useState<{ ok: boolean; checked: number; firstBadSeq: number | null } | null>(null);
  const rows = list.data?.rows ?? [];

  return (
    <>
      <div className="page-toolbar">
        <Select allowClear placeholder={t('audit.filterEntity')} style={{ width: 180 }} value={entity} onChange={(v) => (setEntity(v), setPage(1))} options={ENTITIES.map((e) => ({ value: e, label: e }))} />
        <Input.Search allowClear placeholder={t('audit.filterActor')} style={{ width: 180 }} onSearch={(v) => (setActor(v || undefined), setPage(1))} />
        <Input.Search allowClear placeholder={t('audit.filterMethod')} style={{ width: 200 }} onSearch={(v) => (setMethod(v || undefined), setPage(1))} />
        <Button type="primary" onClick={async () => setVerdict(await rpc('audit.verify', {}))}>
          {t('audit.verify')}
        </Button>
        <span className="spacer" />
        <ExportButton<AuditRow>
          filename={t('audit.title')}
          rows={rows}
          columns={[
            { header: t('audit.seq'), value: (r) => r.seq },
            { header: t('audit.at'), value: (r) => r.at, width: 24 },
            { header: t('audit.actor'), value: (r) => r.actorName },
            { header: t('audit.method'), value: (r) => r.method, width: 22 },
            { header: t('audit.entity'), value: (r) => r.entity },
            { header: t('audit.entityId'), value: (r) => r.entityId, width: 38 },
            { header: t('audit.change'), value: (r) => brief(r.after), width: 80 },
          ]}
        />
      </div>
      {verdict && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          closable
          onClose={() => setVerdict(null)}
          type={verdict.ok ? 'success' : 'error'}
          title={verdict.ok ? t('audit.verifyOk', { n: verdict.checked }) : t('audit.verifyBad', { seq: verdict.firstBadSeq })}
        />
      )}
      <Table<AuditRow>
        rowKey="seq"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => new Date(v).toLocaleString() },
          { title: t('audit.actor'), dataIndex: 'actorName', width: 100 },
          { title: t('audit.method'), dataIndex: 'method', width: 170 },
          { title: t('audit.entity'), dataIndex: 'entity', width: 120 },
          { title: t('audit.change'), render: (_: unknown, r) => <Typography.Text ellipsis={{ tooltip: brief(r.after) }} style={{ maxWidth: 480 }}>{brief(r.after)}</Typography.Text> },
        ]}
      />
    </>
  );
}
