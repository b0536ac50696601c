import { Alert, App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant, now, thisYear } from '../../lib/clock';
import { drafts } from '../../lib/drafts';
import { useAuth } from '../../app/auth';
import { ANCHOR_CODES, type Plan } from '../../../../shared/contract/dossiers';
import { anchorScores, firstFreePeriod, periodClash } from '../../../../shared/domain/career';
import { useSaver } from './RecordSection';

type Answers = (number | null)[];

/** The eight anchor scores as horizontal bars; the top anchor is highlighted. */
export function AnchorChart({ scores, top }: { scores: Record<string, number> | null; top: string | null }) {
  const { t } = useTranslation();
  if (!scores) return <Typography.Text type="secondary">{t('dossier.plan.noScores')}</Typography.Text>;
  return (
    <div className="anchor-chart" data-testid="anchor-chart">
      {ANCHOR_CODES.map((a) => (
        <div key={a} className={`anchor-row${a === top ? ' top' : ''}`}>
          <span className="anchor-label">{t(`dossier.anchors.${a}`)}</span>
          <span className="anchor-bar" style={{ width: `${((scores[a] ?? 0) / 6) * 100}%` }} />
          <span className="anchor-value">{(scores[a] ?? 0).toFixed(1)}</span>
        </div>
      ))}
    </div>
  );
}

const SCALE = [1, 2, 3, 4, 5, 6].map((n) => ({ value: n, label: String(n) }));

/** One survey statement with its 1–6 scale; memoised so answering one item re-renders only that item. */
const SurveyItem = memo(function SurveyItem({
  index,
  text,
  value,
  label,
  onAnswer,
}: {
  index: number;
  text: string;
  value: number | null;
  label: string;
  onAnswer: (k: number, value: number) => void;
}) {
  return (
    <div className="survey-item">
      <span className="survey-no">{index + 1}.</span>
      <span className="survey-text">{text}</span>
      <Radio.Group
        size="small"
        optionType="button"
        aria-label={label}
        value={value}
        onChange={(e) => onAnswer(index, e.target.value as number)}
        options={SCALE}
      />
    </div>
  );
});

interface Values {
  periodStart: number | null;
  periodEnd: number | null;
  selfAssessment?: string;
  anchorOverride?: string | null;
  overrideReason?: string;
  goal1?: string;
  goal3?: string;
  goal5?: string;
  preferredPosts?: string;
  trainingNeeds?: string;
}

/**
 * 职业生涯规划书: one plan period, with the 40-item anchor survey scored live. What the user
 * answers is kept as a draft until it is saved, and closing with unsaved answers asks first.
 */
export function PlanEditor({ cadreId, plan, plans, open, onClose }: { cadreId: string; plan: Plan | null; plans: Plan[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [answers, setAnswers] = useState<Answers>([]);
  const [busy, setBusy] = useState(false);
  const [restored, setRestored] = useState<number | null>(null);
  const dirty = useRef(false);
  const save = useSaver();
  const items = t('dossier.anchorItems', { returnObjects: true }) as string[];
  const { me } = useAuth();
  // A draft belongs to the user who typed it, the cadre and the plan.
  const draftKey = `plan:${me?.id ?? ''}:${cadreId}:${plan?.id ?? 'new'}`;
  const others = useMemo(() => plans.filter((p) => p.id !== plan?.id), [plans, plan]);
  const periodStart = Form.useWatch('periodStart', form);
  const periodEnd = Form.useWatch('periodEnd', form);
  const clash = periodStart && periodEnd ? periodClash(others, periodStart, periodEnd) : undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const draft = drafts.get<{ values: Values; answers: Answers }>(draftKey);
    if (draft) {
      form.setFieldsValue(draft.value.values);
      setAnswers(draft.value.answers);
      setRestored(draft.savedAt);
    } else {
      // A new plan starts in the first period free of the cadre's other plans.
      form.setFieldsValue(plan ? ({ ...plan, selfAssessment: plan.selfAssessment ?? undefined } as never) : firstFreePeriod(others, thisYear()));
      setAnswers(plan?.anchorAnswers.length ? plan.anchorAnswers : new Array<null>(40).fill(null));
      setRestored(null);
    }
    dirty.current = false;
  }, [open, plan, form, draftKey, others]);

  const keepDraft = useCallback(
    (next: Answers) => {
      dirty.current = true;
      drafts.set(draftKey, { values: form.getFieldsValue(true), answers: next }, now());
    },
    [draftKey, form],
  );

  function close(discard: boolean) {
    if (discard) drafts.clear(draftKey);
    dirty.current = false;
    onClose();
  }

  /** Cancel, Esc and a click on the mask: ask before throwing answers away. */
  function cancel() {
    if (!dirty.current && !restored) return close(false);
    modal.confirm({
      title: t('dossier.plan.discardTitle'),
      content: t('dossier.plan.discardBody', { n: answers.filter((a) => a !== null).length }),
      okText: t('dossier.plan.discard'),
      okButtonProps: { danger: true },
      cancelText: t('dossier.plan.keepEditing'),
      onOk: () => close(true),
    });
  }

  const complete = answers.length === 40 && answers.every((a) => a !== null);
  const scored = complete ? anchorScores(answers as number[]) : null;
  const scores = scored && 'scores' in scored ? scored.scores : null;
  const answered = answers.filter((a) => a !== null).length;
  const answer = useCallback(
    (k: number, value: number) =>
      setAnswers((a) => {
        const next = a.map((x, i) => (i === k ? value : x));
        keepDraft(next);
        return next;
      }),
    [keepDraft],
  );

  async function submit() {
    const v = await form.validateFields();
    if (clash) return;
    setBusy(true);
    try {
      await save('dossiers.savePlan', {
        ...(plan ? { id: plan.id } : {}),
        cadreId,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        selfAssessment: v.selfAssessment || null,
        anchorAnswers: answers,
        anchorOverride: (v.anchorOverride || null) as (typeof ANCHOR_CODES)[number] | null,
        overrideReason: v.overrideReason || null,
        goal1: v.goal1 || null,
        goal3: v.goal3 || null,
        goal5: v.goal5 || null,
        preferredPosts: v.preferredPosts || null,
        trainingNeeds: v.trainingNeeds || null,
      });
      close(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      width={980}
      title={plan ? t('dossier.plan.edit') : t('dossier.plan.new')}
      onCancel={cancel}
      onOk={() => void submit()}
      okText={t('dossier.plan.saveDraft')}
      okButtonProps={{ disabled: !!clash }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {restored !== null && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('dossier.plan.restored', { at: formatInstant(restored) })}
          data-testid="plan-draft-restored"
        />
      )}
      <Form form={form} layout="vertical" name="plan" onValuesChange={() => keepDraft(answers)}>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="periodStart" label={t('dossier.plan.periodStart')} rules={[{ required: true, message: t('dossier.plan.periodRequired') }]}>
              <InputNumber min={1990} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="periodEnd" label={t('dossier.plan.periodEnd')} rules={[{ required: true, message: t('dossier.plan.periodRequired') }]}>
              <InputNumber min={1990} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {clash && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('dossier.plan.periodTaken', { from: clash.periodStart, to: clash.periodEnd })}
            data-testid="plan-period-clash"
          />
        )}
        <Form.Item name="selfAssessment" label={t('dossier.plan.selfAssessment')}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Typography.Title level={5}>
          {t('dossier.plan.survey')} <Typography.Text type="secondary">{t('dossier.plan.answered', { n: answered })}</Typography.Text>
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('dossier.plan.surveyHint')}</Typography.Paragraph>
        <Row gutter={24}>
          <Col span={15}>
            <div className={`survey${clash ? ' survey-blocked' : ''}`} data-testid="anchor-survey" aria-disabled={!!clash}>
              {items.map((text, k) => (
                <SurveyItem key={k} index={k} text={text} value={answers[k] ?? null} label={t('dossier.plan.itemLabel', { n: k + 1 })} onAnswer={answer} />
              ))}
            </div>
          </Col>
          <Col span={9}>
            <div style={{ position: 'sticky', top: 0 }}>
              <AnchorChart scores={scores} top={scored && 'top' in scored ? scored.top : null} />
              {scored && 'top' in scored && (
                <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('dossier.plan.topAnchor', { anchor: t(`dossier.anchors.${scored.top}`) })} />
              )}
              <Form.Item name="anchorOverride" label={t('dossier.plan.override')} style={{ marginTop: 12 }}>
                <Select allowClear options={ANCHOR_CODES.map((a) => ({ value: a, label: t(`dossier.anchors.${a}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.anchorOverride !== b.anchorOverride}>
                {({ getFieldValue }) =>
                  getFieldValue('anchorOverride') ? (
                    <Form.Item
                      name="overrideReason"
                      label={t('dossier.plan.overrideReason')}
                      rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                    >
                      <Input.TextArea rows={2} maxLength={500} />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
            </div>
          </Col>
        </Row>
        <Form.Item name="goal1" label={t('dossier.plan.goal1')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="goal3" label={t('dossier.plan.goal3')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="goal5" label={t('dossier.plan.goal5')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="preferredPosts" label={t('dossier.plan.preferredPosts')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="trainingNeeds" label={t('dossier.plan.trainingNeeds')}>
              <Input maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
