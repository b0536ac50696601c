import type { TFunction } from 'i18next';
import { checkAreaCode } from '../../../shared/domain/area-code';

/** Form rule with the same check the core applies, and its specific message. */
export function areaCodeRule(t: TFunction) {
  return {
    validator: (_r: unknown, v: string | undefined) => {
      const p = checkAreaCode((v ?? '').trim());
      return p ? Promise.reject(new Error(t(`validation.areaCode.${p}`))) : Promise.resolve();
    },
  };
}
