import { Button, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Table, Tag } from 'antd';
import { DatePicker } from '../../lib/pickers';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { today } from '../../lib/clock';
import { Link } from 'react-router';
import { CADRE_STATUSES, EDUCATIONS, POLITICS, type Cadre } from '../../../../shared/contract/offices';
import { STAGES } from '../../../../shared/contract/dossiers';
import { useRpc, useRpcMutation } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { ConfirmButton } from '../../lib/ConfirmButton';
import { CoreExportButton } from '../../lib/CoreExportButton';
import { rpc } from '../../api/client';
import { CadreImport } from './CadreImport';
import { stationBound } from '../../../../shared/domain/access';

type DateKeys = 'birthDate' | 'workStart' | 'joinDate' | 'rankStart' | 'sgfDate' | 'leadershipStart';
type FormValues = Omit<Cadre, 'id' | 'officeName' | 'effectiveStatus' | 'stage' | 'idMasked' | 'retirementDate' | 'pastRetirement' | DateKeys> &
  Record<DateKeys, Dayjs | null>;

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const STAGE_COLORS = { adapt: 'cyan', growth: 'green', mature: 'blue', retreat: 'default' } as const;

/** 干部名册: the register, with a form for every field the dossier needs. */
export function CadreRegister() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [status, setStatus] = useState<(typeof CADRE_STATUSES)[number] | undefined>();
  const [stage, setStage] = useState<(typeof STAGES)[number] | undefined>();
  const [search, setSearch] = useState('');
  const offices = useRpc('offices.list', { includeInactive: false });
  const list = useRpc('cadres.list', { officeId, search: search || undefined, status, stage });
  const [editing, setEditing] = useState<Cadre | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const close = () => (setEditing(null), form.resetFields());
  const create = useRpcMutation('cadres.create', { success: t('common.saved'), onSuccess: close });
  const update = useRpcMutation('cadres.update', { success: t('common.saved'), onSuccess: close });
  const remove = useRpcMutation('cadres.remove', { success: t('common.saved') });
  const manage = can('cadres.manage');
  const personal = can('personal.read');
  const dossiers = can('dossiers.read');
  const bound = stationBound(me!);
  const officeOptions = (offices.data ?? []).filter((o) => !bound || o.id === me!.officeId).map((o) => ({ value: o.id, label: o.name }));
  const sgf = Form.useWatch('sgf', form);

  function open(c: Cadre | 'new') {
    setEditing(c);
    if (c === 'new')
      form.setFieldsValue({ officeId: officeId ?? (bound ? me!.officeId : undefined), status: 'active', gender: 'M', sgf: false } as Partial<FormValues>);
    else {
      const d = (s: string | null) => (s ? dayjs(s) : null);
      form.setFieldsValue({
        ...c,
        idNumber: c.idMasked ? null : c.idNumber,
        birthDate: d(c.birthDate),
        workStart: d(c.workStart),
        joinDate: d(c.joinDate),
        rankStart: d(c.rankStart),
        sgfDate: d(c.sgfDate),
        leadershipStart: d(c.leadershipStart),
      });
    }
  }

  async function submit() {
    const v = await form.validateFields();
    const input = {
      officeId: v.officeId,
      name: v.name,
      gender: v.gender,
      birthDate: day(v.birthDate)!,
      post: v.post || null,
      status: v.status,
      phone: v.phone || null,
      workStart: day(v.workStart),
      joinDate: day(v.joinDate),
      education: (v.education ?? null) as (typeof EDUCATIONS)[number] | null,
      politics: (v.politics ?? null) as (typeof POLITICS)[number] | null,
      leadershipPost: v.leadershipPost || null,
      leadershipStart: v.leadershipPost ? day(v.leadershipStart) : null,
      rank: v.rank || null,
      rankStart: day(v.rankStart),
      sgf: !!v.sgf,
      sgfDate: v.sgf ? day(v.sgfDate) : null,
      // Only HR sends the identity number; others leave it as it is.
      ...(personal ? { idNumber: v.idNumber || null } : {}),
    };
    if (editing === 'new') create.mutate(input);
    else if (editing) update.mutate({ id: editing.id, ...input });
  }

  const statusOptions = CADRE_STATUSES.map((s) => ({ value: s, label: t(`cadres.statuses.${s}`) }));
  const stageOptions = STAGES.map((s) => ({ value: s, label: t(`dossier.stages.${s}`) }));
  const rows = list.data ?? [];
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <div className="page-toolbar">
        {!bound && (
          <Select allowClear placeholder={t('cadres.office')} style={{ width: 200 }} value={officeId} onChange={setOfficeId} options={officeOptions} />
        )}
        <Select allowClear placeholder={t('cadres.status')} style={{ width: 120 }} value={status} onChange={setStatus} options={statusOptions} />
        <Select allowClear placeholder={t('dossier.stage')} style={{ width: 130 }} value={stage} onChange={setStage} options={stageOptions} />
        <Input.Search allowClear placeholder={t('cadres.searchPlaceholder')} style={{ width: 200 }} onSearch={setSearch} />
        {manage && (
          <Button type="primary" onClick={() => open('new')}>
            {t('cadres.newCadre')}
          </Button>
        )}
        <span className="spacer" />
        {manage && <CadreImport offices={officeOptions} />}
        {/* The core writes the export (masked unless the viewer is HR), with the columns its import reads back. */}
        <CoreExportButton
          filename={`${t('cadres.registerTitle')}.xlsx`}
          disabled={rows.length === 0}
          run={() => rpc('cadres.export', { officeId, search: search || undefined, status, stage })}
        />
      </div>
      <Table<Cadre>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        scroll={{ x: 1280 }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          {
            title: t('cadres.name'),
            dataIndex: 'name',
            width: 90,
            fixed: 'left',
            render: (n: string, c) => (dossiers || me!.cadreId === c.id ? <Link to={`/dossiers/${c.id}`}>{n}</Link> : n),
          },
          { title: t('cadres.gender'), dataIndex: 'gender', width: 50, render: (g: string) => t(`cadres.${g}`) },
          { title: t('cadres.birthDate'), dataIndex: 'birthDate', width: 100 },
          { title: t('cadres.idNumber'), dataIndex: 'idNumber', width: 190, render: (v: string | null) => <span className="mono">{v}</span> },
          { title: t('cadres.office'), dataIndex: 'officeName', ellipsis: true },
          { title: t('cadres.post'), dataIndex: 'post', ellipsis: true },
          { title: t('cadres.rank'), dataIndex: 'rank', width: 110 },
          {
            title: t('dossier.stage'),
            dataIndex: 'stage',
            width: 90,
            render: (s: Cadre['stage']) => (s ? <Tag color={STAGE_COLORS[s]}>{t(`dossier.stages.${s}`)}</Tag> : null),
          },
          {
            title: t('cadres.status'),
            dataIndex: 'effectiveStatus',
            width: 110,
            render: (s: string, c: Cadre) => (
              <>
                <Tag color={s === 'active' ? 'green' : 'orange'}>{t(`cadres.statuses.${s}`)}</Tag>
                {c.pastRetirement && <Tag color="red">{t('hr.overdueRetirement')}</Tag>}
              </>
            ),
          },
          { title: t('cadres.phone'), dataIndex: 'phone', width: 120 },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  width: 110,
                  render: (_: unknown, c: Cadre) => (
                    <Space size={0}>
                      <Button size="small" type="link" onClick={() => open(c)}>
                        {t('common.edit')}
                      </Button>
                      <ConfirmButton
                        title={t('common.delete')}
                        content={t('cadres.confirmRemove', { name: c.name })}
                        onConfirm={() => remove.mutateAsync({ id: c.id })}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        width={760}
        title={editing === 'new' ? t('cadres.newCadre') : t('cadres.editCadre')}
        onCancel={close}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="cadre">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="name" label={t('cadres.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input autoFocus maxLength={40} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="gender" label={t('cadres.gender')} rules={required}>
                <Select
                  options={[
                    { value: 'M', label: t('cadres.M') },
                    { value: 'F', label: t('cadres.F') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="birthDate" label={t('cadres.birthDate')} rules={required}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today()} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              {personal ? (
                <Form.Item
                  name="idNumber"
                  label={t('cadres.idNumber')}
                  extra={t('cadres.idNumberHint')}
                  rules={[{ pattern: /^\s*[0-9０-９]{17}[0-9０-９xXＸ]\s*$/, message: t('cadres.idNumberFormat') }]}
                >
                  <Input maxLength={20} className="mono" />
                </Form.Item>
              ) : (
                <Form.Item label={t('cadres.idNumber')} extra={t('cadres.idNumberHr')}>
                  <Input disabled value={editing && editing !== 'new' ? (editing.idNumber ?? '') : ''} className="mono" />
                </Form.Item>
              )}
            </Col>
            <Col span={12}>
              <Form.Item name="officeId" label={t('cadres.office')} rules={required}>
                <Select options={officeOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="workStart" label={t('cadres.workStart')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="joinDate" label={t('cadres.joinDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="status" label={t('cadres.status')} rules={required}>
                <Select options={statusOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="education" label={t('cadres.education')}>
                <Select allowClear options={EDUCATIONS.map((e) => ({ value: e, label: e }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="politics" label={t('cadres.politics')}>
                <Select allowClear options={POLITICS.map((e) => ({ value: e, label: e }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="phone" label={t('cadres.phone')}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="post" label={t('cadres.post')}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="leadershipPost" label={t('cadres.leadershipPost')}>
                <Input maxLength={40} placeholder={t('cadres.leadershipPostHint')} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rank" label={t('cadres.rank')}>
                <Input maxLength={20} placeholder={t('cadres.rankHint')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item
                name="rankStart"
                label={t('cadres.rankStart')}
                dependencies={['rank']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v) => (getFieldValue('rank') && !v ? Promise.reject(new Error(t('common.required'))) : Promise.resolve()),
                  }),
                ]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="leadershipStart" label={t('cadres.leadershipStart')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="sgf" label={t('cadres.sgf')} valuePropName="checked">
                <Checkbox>{t('cadres.sgfYes')}</Checkbox>
              </Form.Item>
            </Col>
            <Col span={8}>
              {sgf && (
                <Form.Item name="sgfDate" label={t('cadres.sgfDate')} rules={required}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              )}
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
