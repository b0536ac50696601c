import type { EventMap, EventName, Input, MethodName, Output } from '../../../shared/contract';
import type { ErrorCode, Result } from '../../../shared/contract/errors';
import { syncClock } from '../lib/clock';

// The renderer's only door to the core: a typed call over IPC (Electron) or HTTP (browser mode).

export interface Transport {
  invoke(method: string, input: unknown, session: string | undefined, background: boolean): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    api?: {
      invoke(method: string, input: unknown, session?: string, background?: boolean): Promise<Result<unknown>>;
      on(event: string, listener: (payload: unknown) => void): () => void;
      savePdf?(name: string): Promise<{ ok: boolean; path?: string }>;
    };
  }
}

export class RpcFailure extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK' | 'BAD_HOST' | 'FOREIGN_ORIGIN' | 'BAD_TOKEN',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function httpTransport(token: string): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  function ensureSource() {
    if (source) return;
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    for (const name of ['data.changed', 'sync.status', 'import.progress']) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent).data) as unknown;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }
  return {
    async invoke(method, input, session, background) {
      let res: Response;
      try {
        res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-bd-token': token,
            ...(session ? { 'x-bd-session': session } : {}),
            ...(background ? { 'x-bd-background': '1' } : {}),
          },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'network', details: { network: true } } };
      }
      return (await res.json()) as Result<unknown>;
    },
    on(event, listener) {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

function pickTransport(): Transport {
  if (window.api) return { invoke: (m, i, s, b) => window.api!.invoke(m, i, s, b), on: (e, l) => window.api!.on(e, l) };
  const token = document.querySelector<HTMLMetaElement>('meta[name="bd-token"]')?.content;
  if (!token) throw new Error('no transport: neither Electron preload nor browser-mode token');
  return httpTransport(token);
}

const SESSION_KEY = 'bd-session';
let transport: Transport | null = null;
const t = () => (transport ??= pickTransport());

export const session = {
  get: () => sessionStorage.getItem(SESSION_KEY) ?? undefined,
  set: (v: string) => sessionStorage.setItem(SESSION_KEY, v),
  clear: () => sessionStorage.removeItem(SESSION_KEY),
};

type SessionListener = (code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | 'PASSWORD_CHANGE_REQUIRED') => void;
const sessionListeners = new Set<SessionListener>();
export function onSessionProblem(l: SessionListener): () => void {
  sessionListeners.add(l);
  return () => sessionListeners.delete(l);
}

// The idle-session timeout counts the user's activity, not the app's. A call tells the core it
// is the user's when there was a key press, click or scroll since the previous call: the first
// call after a click renews the session, and typing a long form keeps it alive through the next
// poll. Anything else (a poll or a refetch after a sync on an unattended PC) is background work,
// which does not keep the session alive.
let inputSinceCall = false;
if (typeof window !== 'undefined') {
  const seen = () => (inputSinceCall = true);
  for (const ev of ['pointerdown', 'keydown', 'wheel', 'touchstart']) window.addEventListener(ev, seen, { capture: true, passive: true });
}
function isBackground(): boolean {
  const active = inputSinceCall;
  inputSinceCall = false;
  return !active;
}

export async function rpc<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await t().invoke(method, input, session.get(), isBackground());
  syncClock(r.now);
  if (r.ok) return r.value as Output<M>;
  const { code, message, details } = r.error;
  if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED' || code === 'PASSWORD_CHANGE_REQUIRED') {
    if (method !== 'auth.login') for (const l of sessionListeners) l(code);
  }
  throw new RpcFailure(code, message, details);
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return t().on(event, listener as (p: unknown) => void);
}

/** Electron saves a PDF itself; in browser mode the print dialog's "Save as PDF" does. */
export const hasNativePdf = () => !!window.api?.savePdf;

/** Save the current print view as PDF: Electron's printToPDF in the app, Chromium's print dialog in browser mode. */
export async function savePdf(name: string): Promise<{ ok: boolean; path?: string } | null> {
  if (window.api?.savePdf) return window.api.savePdf(name);
  window.print();
  return null;
}
