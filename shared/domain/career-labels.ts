// The career stages' Chinese names, for what stays in Chinese whatever the UI language (the Excel
// list exports). The UI words stages through its dictionaries (dossier.stages).
import type { CareerStage } from './career';

export const STAGE_LABELS: Record<CareerStage, string> = { adapt: '职业适应', growth: '职业成长', mature: '职业成熟', retreat: '职业退隐' };
