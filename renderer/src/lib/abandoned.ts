import { RpcFailure } from '../api/client';

// A dialog's async onOk stops by rejecting: antd's validateFields rejects when a field is wrong
// (the form already shows it beside the field), and a save that the core refused rejects after
// its message was shown. Those rejections are the expected end of the handler, not errors: they
// are marked shown here, and the page treats them as handled instead of logging them as uncaught.
// Anything else still surfaces.

/** A failure the user has already been told about. */
export function markShown(e: unknown): unknown {
  if (e instanceof RpcFailure) Object.assign(e, { shown: true });
  return e;
}

export function isAbandonedSubmit(e: unknown): boolean {
  if (e && typeof e === 'object' && 'errorFields' in e && Array.isArray((e as { errorFields: unknown }).errorFields)) return true;
  return e instanceof RpcFailure && (e as RpcFailure & { shown?: boolean }).shown === true;
}

export function installAbandonedSubmitHandler(target: Window = window): () => void {
  const on = (ev: PromiseRejectionEvent) => {
    if (isAbandonedSubmit(ev.reason)) ev.preventDefault();
  };
  target.addEventListener('unhandledrejection', on);
  return () => target.removeEventListener('unhandledrejection', on);
}
