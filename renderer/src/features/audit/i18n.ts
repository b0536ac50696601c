// The audit feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
import { auditLabelsEn, auditLabelsZh } from './labels';

export const zhCN = {
  nav: { audit: '审计日志' },
  audit: {
    changed: '{{column}}：{{from}} → {{to}}', set: '{{column}}：{{to}}', changeSep: '；', object: '{{entity}}：{{name}}',
    title: '审计日志', seq: '序号', at: '时间', actor: '操作人', method: '操作', entity: '对象', entityId: '对象编号', change: '变更内容',
    verify: '校验完整性', verifyOk: '审计链完整，共校验 {{n}} 条记录', verifyBad: '审计链在第 {{seq}} 条记录处被篡改或断裂', problems: { edited: '审计日志第 {{seq}} 条记录被修改', deleted: '审计日志第 {{seq}} 条记录之前有记录被删除', truncated: '审计日志自第 {{seq}} 条起的记录被删除（截断）' }, lastAnchored: '最后锚定的记录：第 {{seq}} 条（{{sources}}）。', noAnchor: '尚无库外锚点。', archivedThrough: '第 {{seq}} 条及之前的记录已按保留期移入归档。', anchorSources: { keystore: '本机密钥库', backup: '备份', hub: '同步服务器' }, filterEntity: '对象类型', filterActor: '操作人', filterMethod: '操作',
    ...auditLabelsZh,
  },
};

export const enUS: typeof zhCN = {
  nav: { audit: 'Audit log' },
  audit: {
    changed: '{{column}}: {{from}} → {{to}}', set: '{{column}}: {{to}}', changeSep: '; ', object: '{{entity}}: {{name}}',
    title: 'Audit log', seq: 'No.', at: 'Time', actor: 'Actor', method: 'Operation', entity: 'Entity', entityId: 'Entity id', change: 'Change',
    verify: 'Verify integrity', verifyOk: 'Chain intact; {{n}} entries checked', verifyBad: 'Chain tampered or broken at entry {{seq}}', problems: { edited: 'Audit entry {{seq}} was modified', deleted: 'Entries before audit entry {{seq}} were deleted', truncated: 'Audit entries from {{seq}} on were deleted (truncated)' }, lastAnchored: 'Last anchored entry: {{seq}} ({{sources}}).', noAnchor: 'No anchor outside the table yet.', archivedThrough: 'Entries up to {{seq}} moved to the archive (retention period).', anchorSources: { keystore: 'this desk’s key store', backup: 'a backup', hub: 'the sync hub' }, filterEntity: 'Entity', filterActor: 'Actor', filterMethod: 'Operation',
    ...auditLabelsEn,
  },
};
