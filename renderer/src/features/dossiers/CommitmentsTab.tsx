// The dossier's post commitments tab, with the year-end review item by item.
import { Button, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { afterToday, DatePicker } from '../../lib/pickers';
import { useRef, useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { thisYear, todayJs } from '../../lib/clock';
import { COMMITMENT_RESULTS, type Commitment, type Dossier } from '../../../../shared/contract/dossiers';
import { RecordSection, useSaver } from './RecordSection';
import { d } from './dossier-form';

export function Commitments({ dos }: { dos: Dossier }) {
  const { t } = useTranslation();
  const save = useSaver();
  const [reviewing, setReviewing] = useState<Commitment | null>(null);
  const editingId = useRef<string | null>(null);
  const [form] = Form.useForm<{ date: Dayjs; results: { result?: string; note?: string }[] }>();
  const resultLabel = (r: string | null) => (r ? t(`dossier.commitment.results.${r}`) : '—');
  return (
    <>
      <RecordSection<Commitment, { year: number; items: string }>
        testId="commitments"
        title={t('dossier.tabs.commitments')}
        addLabel={t('dossier.commitment.new')}
        rows={dos.commitments}
        canEdit={dos.canManage}
        removeMethod="dossiers.removeCommitment"
        columns={[
          { title: t('dossier.year'), dataIndex: 'year', width: 80 },
          {
            title: t('dossier.commitment.items'),
            render: (_, c) => (
              <ol className="commit-items">
                {c.items.map((i, k) => (
                  <li key={k}>
                    {i.text} {i.result && <Tag color={i.result === 'met' ? 'green' : i.result === 'partly' ? 'orange' : 'red'}>{resultLabel(i.result)}</Tag>}
                    {i.note && <Typography.Text type="secondary">{i.note}</Typography.Text>}
                  </li>
                ))}
              </ol>
            ),
          },
          {
            title: t('dossier.commitment.reviewed'),
            width: 160,
            render: (_, c) => (c.reviewedOn ? `${c.reviewer ?? ''} ${c.reviewedOn}` : <Tag>{t('dossier.commitment.notReviewed')}</Tag>),
          },
        ]}
        extraActions={(c) =>
          dos.canManage && !c.reviewedOn ? (
            <Button size="small" type="link" onClick={() => (setReviewing(c), form.setFieldsValue({ date: todayJs(), results: c.items.map(() => ({})) }))}>
              {t('dossier.commitment.review')}
            </Button>
          ) : null
        }
        exportColumns={[
          { header: t('dossier.year'), value: (c) => c.year },
          {
            header: t('dossier.commitment.items'),
            value: (c) =>
              c.items
                .map(
                  (i, k) =>
                    `${k + 1}. ${i.text}${i.result ? t('dossier.commitment.exportResult', { result: resultLabel(i.result) }) : ''}${i.note ? ` ${i.note}` : ''}`,
                )
                .join('\n'),
            width: 60,
          },
          { header: t('dossier.commitment.reviewed'), value: (c) => c.reviewedOn },
        ]}
        toForm={(c) => {
          editingId.current = c?.id ?? null;
          // One commitment a year: a new one starts in the first year without one.
          let year = thisYear();
          while (dos.commitments.some((x) => x.year === year)) year++;
          return c ? { year: c.year, items: c.items.map((i) => i.text).join('\n') } : { year, items: '' };
        }}
        fields={() => (
          <>
            <Form.Item
              name="year"
              label={t('dossier.year')}
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: async (_, y: number) =>
                    dos.commitments.some((x) => x.year === y && x.id !== editingId.current)
                      ? Promise.reject(new Error(t('dossier.commitment.yearTaken', { year: y })))
                      : undefined,
                },
              ]}
            >
              <InputNumber min={1990} max={2100} />
            </Form.Item>
            <Form.Item
              name="items"
              label={t('dossier.commitment.items')}
              extra={t('dossier.commitment.itemsHint')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input.TextArea rows={6} />
            </Form.Item>
          </>
        )}
        save={(v, row) =>
          save('dossiers.saveCommitment', {
            ...(row ? { id: row.id } : {}),
            cadreId: dos.cadre.id,
            year: v.year,
            items: v.items
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          })
        }
      />
      <Modal
        open={reviewing !== null}
        width={720}
        title={t('dossier.commitment.reviewOf', { year: reviewing?.year })}
        onCancel={() => setReviewing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          const v = await form.validateFields();
          await save('dossiers.reviewCommitment', {
            id: reviewing!.id,
            date: d(v.date)!,
            results: v.results.map((r) => ({ result: r.result as 'met', note: r.note || null })),
          });
          setReviewing(null);
        }}
      >
        <Form form={form} layout="vertical" name="commitmentReview">
          {reviewing?.items.map((it, k) => (
            <Space key={k} align="start" style={{ display: 'flex' }}>
              <Form.Item
                label={`${k + 1}. ${it.text}`}
                name={['results', k, 'result']}
                rules={[{ required: true, message: t('common.required') }]}
                style={{ width: 380 }}
              >
                <Select
                  aria-label={t('dossier.commitment.resultOf', { n: k + 1 })}
                  options={COMMITMENT_RESULTS.map((r) => ({ value: r, label: resultLabel(r) }))}
                />
              </Form.Item>
              <Form.Item label={t('dossier.note')} name={['results', k, 'note']} style={{ width: 260 }}>
                <Input maxLength={500} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item name="date" label={t('dossier.commitment.reviewDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker disabledDate={afterToday} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
