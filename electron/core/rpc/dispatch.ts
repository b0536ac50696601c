import type { z } from 'zod';
import { contract, isMethodName, type MethodName, type Output, type ParsedInput } from '../../../shared/contract';
import { AppError, type Result } from '../../../shared/contract/errors';
import { roleHas } from '../../../shared/contract/roles';
import type { UserRow } from '../services/auth/auth.service';
import { deepFreeze, isKept } from '../db/read-cache';

export interface CallCtx {
  sessionToken?: string;
  /**
   * Whether the call comes from the user at the keyboard. Background calls (polls, refetches
   * after a sync) pass false: they do not keep an idle session alive. Defaults to true.
   */
  activity?: boolean;
}

export interface HandlerCtx {
  /** Present for every method except public ones. */
  user: UserRow;
  sessionToken: string;
  actor: { id: string; name: string };
  method: MethodName;
}

export interface PublicCtx {
  user: UserRow | null;
  sessionToken: string | undefined;
  method: MethodName;
}

export type Handlers = {
  [M in MethodName]: (
    input: ParsedInput<M>,
    ctx: (typeof contract)[M]['permission'] extends 'public' ? PublicCtx : HandlerCtx,
  ) => Output<M> | Promise<Output<M>>;
};

/** Methods a user whose password was reset may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<MethodName>(['auth.me', 'auth.changePassword', 'auth.logout', 'auth.status']);

function issues(e: z.ZodError) {
  return e.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/** Parsed outputs of answers the read cache keeps, by the answer object. */
const parsedKept = new WeakMap<object, { method: string; parsed: unknown }>();

export function createDispatch(deps: {
  handlers: Handlers;
  resolveSession: (token: string | undefined, activity: boolean) => { user: UserRow };
  onError?: (method: string, err: unknown) => void;
  afterCall?: () => void;
  /** The core's clock: its instant rides on every answer. */
  now?: () => number;
}) {
  const stamp = () => (deps.now ? { now: new Date(deps.now()).toISOString() } : {});
  return async function dispatch(method: string, rawInput: unknown, call: CallCtx = {}): Promise<Result<unknown>> {
    const r = await run(method, rawInput, call);
    return { ...r, ...stamp() };
  };

  async function run(method: string, rawInput: unknown, call: CallCtx): Promise<Result<unknown>> {
    try {
      if (typeof method !== 'string' || !isMethodName(method)) {
        throw new AppError('UNKNOWN_METHOD', '未知的调用', { method: String(method).slice(0, 80) });
      }
      const spec = contract[method];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new AppError('BAD_INPUT', '输入数据不符合要求', { issues: issues(parsed.error) });

      let ctx: HandlerCtx | PublicCtx;
      if (spec.permission === 'public') {
        ctx = { user: null, sessionToken: call.sessionToken, method };
      } else {
        const { user } = deps.resolveSession(call.sessionToken, call.activity !== false);
        if (!roleHas(user.role, spec.permission)) throw new AppError('FORBIDDEN', '当前角色无权执行此操作', { method, permission: spec.permission });
        if (user.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method)) {
          throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改密码');
        }
        ctx = { user, sessionToken: call.sessionToken!, actor: { id: user.id, name: user.username }, method };
      }
      const handler = deps.handlers[method] as (i: unknown, c: unknown) => unknown;
      const value = await handler(parsed.data, ctx);
      // Output is parsed too: unknown keys are stripped, so nothing leaks by accident. An answer
      // kept by the read cache (frozen, the same object until the next write) is parsed once.
      if (isKept(value)) {
        const hit = parsedKept.get(value);
        if (hit?.method === method) return { ok: true, value: hit.parsed };
        const out = deepFreeze(spec.output.parse(value));
        parsedKept.set(value, { method, parsed: out });
        return { ok: true, value: out };
      }
      return { ok: true, value: spec.output.parse(value) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
      deps.onError?.(method, err);
      return { ok: false, error: { code: 'INTERNAL', message: '系统内部错误，请稍后重试或联系管理员' } };
    } finally {
      deps.afterCall?.();
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatch>;
