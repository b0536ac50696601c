import type { z } from 'zod';
import type { MethodName } from '../../../shared/contract';
import type { ContractSlice, Call, PublicCall } from '../module';
import { AppError, fail, type Result } from '../../../shared/contract/errors';
import type { MethodSpec } from '../../../shared/contract/common';
import { scopeRefusal } from '../../../shared/domain/access';
// The contract holds every method's permission to the merged grants (everyPermissionIsGranted).
import { roleHas, type Access } from '../../../shared/contract/roles';
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

/** Handlers by method name, as create-core collects them from the modules. */
export type AnyHandler = (input: unknown, call: Call | PublicCall) => unknown;
export type HandlerTable = Record<string, AnyHandler>;

/** Methods a user whose password was reset may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<MethodName>(['auth.me', 'auth.changePassword', 'auth.logout', 'auth.status']);

function issues(e: z.ZodError) {
  return e.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/** Parsed outputs of answers the read cache keeps, by the answer object. */
const parsedKept = new WeakMap<object, { method: string; parsed: unknown }>();

export function createDispatch(deps: {
  /** Every module's contract, merged. */
  contract: ContractSlice;
  handlers: HandlerTable;
  /** The CST calendar day, read once per call. */
  today: () => string;
  /** A cadre's office, for the `person` scope; null when there is no such cadre. */
  cadreOffice?: (cadreId: string) => string | null;
  resolveSession: (token: string | undefined, activity: boolean) => { user: UserRow };
  onError?: (method: string, err: unknown) => void;
  /** After every call, with whether it succeeded: the core announces what changed. */
  afterCall?: (method: string, ok: boolean) => void;
  /** The core's clock: its instant rides on every answer. */
  now?: () => number;
}) {
  const stamp = () => (deps.now ? { now: new Date(deps.now()).toISOString() } : {});
  return async function dispatch(method: string, rawInput: unknown, call: CallCtx = {}): Promise<Result<unknown>> {
    const r = await run(method, rawInput, call);
    return { ...r, ...stamp() };
  };

  /** The method's declared row scope (shared/domain/access.ts), refused as a reason key. */
  function applyScope(spec: MethodSpec, c: Call, input: Record<string, unknown>) {
    const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
    const cadreId = str('cadreId');
    const rights = spec.personRights
      ? { manage: roleHas(c.user.role, spec.personRights.manage as Access), read: roleHas(c.user.role, spec.personRights.read as Access) }
      : { manage: false, read: true };
    const personOffice = spec.scope === 'person' && cadreId ? (deps.cadreOffice?.(cadreId) ?? null) : null;
    const refusal = scopeRefusal(spec.scope!, c.viewer, { officeId: str('officeId'), cadreId, personOffice }, rights);
    if (refusal) throw fail('FORBIDDEN', refusal, { method: c.method, scope: spec.scope });
  }

  async function run(method: string, rawInput: unknown, call: CallCtx): Promise<Result<unknown>> {
    let ok = false;
    try {
      if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(deps.contract, method)) {
        throw new AppError('UNKNOWN_METHOD', 'unknown method', { method: String(method).slice(0, 80) });
      }
      const spec = deps.contract[method]!;
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new AppError('BAD_INPUT', 'the input does not match the contract', { issues: issues(parsed.error) });

      // The call context is built once: who asks, with which scope, on which CST day.
      let ctx: Call | PublicCall;
      const today = deps.today();
      if (spec.permission === 'public') {
        ctx = { user: null, sessionToken: call.sessionToken, method, today };
      } else {
        const { user } = deps.resolveSession(call.sessionToken, call.activity !== false);
        if (!roleHas(user.role, spec.permission as Access))
          throw new AppError('FORBIDDEN', 'this role may not call this method', { method, permission: spec.permission });
        if (user.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method as MethodName)) {
          throw new AppError('PASSWORD_CHANGE_REQUIRED', 'change the password first');
        }
        const actor = { id: user.id, name: user.username };
        ctx = {
          user,
          sessionToken: call.sessionToken!,
          method,
          actor,
          viewer: { role: user.role, officeId: user.office_id, cadreId: user.cadre_id },
          write: { actor, method },
          today,
        };
      }
      if (spec.scope && ctx.user) applyScope(spec, ctx as Call, parsed.data as Record<string, unknown>);
      const handler = deps.handlers[method]!;
      const value = await handler(parsed.data, ctx);
      // Output is parsed too: unknown keys are stripped, so nothing leaks by accident. An answer
      // kept by the read cache (frozen, the same object until the next write) is parsed once.
      if (isKept(value)) {
        const hit = parsedKept.get(value);
        if (hit?.method === method) {
          ok = true;
          return { ok: true, value: hit.parsed };
        }
        const out = deepFreeze(spec.output.parse(value));
        parsedKept.set(value, { method, parsed: out });
        ok = true;
        return { ok: true, value: out };
      }
      const out = spec.output.parse(value);
      ok = true;
      return { ok: true, value: out };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
      deps.onError?.(method, err);
      return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
    } finally {
      deps.afterCall?.(method, ok);
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatch>;
