import { useLayoutEffect, useRef } from 'react';
import type { FormInstance } from 'antd';

/**
 * Fill a dialog's form when it opens, before the first paint. Antd's `afterOpenChange` runs only
 * after the opening animation, so a quick user (or a slow PC) could pick a value first and see it
 * wiped: a bulk enrolment then went to the whole county instead of the chosen station.
 * `key` re-fills when the dialog is reopened on another record.
 */
export function useFillOnOpen<T>(
  form: FormInstance<T>,
  open: boolean,
  values: () => NoInfer<Parameters<FormInstance<T>['setFieldsValue']>[0]>,
  key?: unknown,
): void {
  const latest = useRef(values);
  useLayoutEffect(() => {
    latest.current = values;
  });
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(latest.current());
  }, [open, form, key]);
}
