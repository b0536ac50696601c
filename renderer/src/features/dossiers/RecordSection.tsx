import { App, Button, Form, Modal, Space, Table, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, MethodName } from '../../../../shared/contract';
import { errorText } from '../../lib/errors';
import { markShown } from '../../lib/abandoned';
import { rpc } from '../../api/client';
import { useRpcMutation } from '../../api/hooks';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { ExportButton } from '../../lib/ExportButton';
import type { ExportColumn } from '../../lib/export';

/**
 * One kind of dossier record: a table, an add/edit form in a modal, removal with confirmation
 * and an Excel export. The core validates; the form only guides.
 */
export function RecordSection<R extends { id: string }, V extends object>(props: {
  title: string;
  addLabel: string;
  rows: R[];
  columns: ColumnsType<R>;
  exportColumns: ExportColumn<R>[];
  canEdit: boolean;
  /** The form; a read-only section (canEdit false) needs none. */
  fields?: (form: FormInstance<V>) => ReactNode;
  toForm?: (row: R | null) => Partial<V>;
  save?: (values: V, row: R | null) => Promise<unknown>;
  removeMethod?: MethodName;
  testId: string;
  extraActions?: (row: R) => ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [editing, setEditing] = useState<R | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = useRpcMutation((props.removeMethod ?? 'dossiers.removeMerit') as 'dossiers.removeMerit', { success: t('common.saved') });

  function open(row: R | 'new') {
    setEditing(row);
    form.resetFields();
    form.setFieldsValue((props.toForm?.(row === 'new' ? null : row) ?? {}) as never);
  }

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await props.save?.(v, editing === 'new' ? null : editing);
      setEditing(null);
    } finally {
      setBusy(false);
    }
  }

  const actions: ColumnsType<R> =
    props.canEdit || props.extraActions
      ? [
          {
            title: t('common.actions'),
            width: 170,
            render: (_: unknown, r: R) => (
              <Space size={0}>
                {props.extraActions?.(r)}
                {props.canEdit && (
                  <Button size="small" type="link" onClick={() => open(r)}>
                    {t('common.edit')}
                  </Button>
                )}
                {props.canEdit && props.removeMethod && (
                  <ConfirmButton title={t('common.delete')} content={t('dossier.confirmRemove')} onConfirm={() => remove.mutateAsync({ id: r.id })} />
                )}
              </Space>
            ),
          },
        ]
      : [];

  return (
    <div data-testid={props.testId}>
      <div className="page-toolbar">
        {props.canEdit && (
          <Button type="primary" onClick={() => open('new')}>
            {props.addLabel}
          </Button>
        )}
        <span className="spacer" />
        <ExportButton filename={props.title} rows={props.rows} columns={props.exportColumns} />
      </div>
      <Table<R> rowKey="id" size="small" dataSource={props.rows} columns={[...props.columns, ...actions]} pagination={false} />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? props.addLabel : `${t('common.edit')} · ${props.title}`}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {props.fields?.(form)}
        </Form>
      </Modal>
    </div>
  );
}

/**
 * Call a save method; a failure shows its Chinese message and keeps the form open. What the save
 * changed refreshes through `data.changed`, like every other write (api/hooks.ts).
 */
export function useSaver() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async <M extends MethodName>(method: M, input: Input<M>, success = t('common.saved')) => {
    try {
      const r = await rpc(method, input);
      void message.success(success);
      return r;
    } catch (e) {
      void message.error(errorText(t, e));
      throw markShown(e);
    }
  };
}
