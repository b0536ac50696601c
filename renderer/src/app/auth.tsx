import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../../../shared/contract/auth';
import type { Permission } from '../../../shared/contract/roles';
import { onSessionProblem, rpc, session } from '../api/client';
import { drafts } from '../lib/drafts';

interface AuthState {
  me: Me | null;
  loading: boolean;
  setUp: boolean | undefined;
  bureauName: string | null;
  notice: 'SESSION_EXPIRED' | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  can(p: Permission): boolean;
}

const Ctx = createContext<AuthState | null>(null);
const LAST_USER = 'bd-last-user';

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['auth.status', {}], queryFn: () => rpc('auth.status', {}) });
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(!session.get());
  const [notice, setNotice] = useState<'SESSION_EXPIRED' | null>(null);

  // Everything cached belongs to the signed-in user, except whether the app is set up: keeping
  // that query alive avoids a spinner that waits on a query nobody observes any more.
  const clearUserData = useCallback(() => qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth.status' }), [qc]);

  const refresh = useCallback(async () => {
    if (!session.get()) return setMe(null);
    try {
      setMe(await rpc('auth.me', {}));
    } catch {
      session.clear();
      setMe(null);
    } finally {
      setChecked(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onSessionProblem((code) => {
        if (code === 'PASSWORD_CHANGE_REQUIRED') return void refresh();
        // An expired session keeps drafts: the same user signs back in and finds them.
        session.clear();
        setMe(null);
        clearUserData();
        if (code === 'SESSION_EXPIRED') setNotice('SESSION_EXPIRED');
      }),
    [qc, refresh, clearUserData],
  );

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading: status.isLoading || !checked,
      setUp: status.data?.setUp,
      bureauName: status.data?.bureauName ?? null,
      notice,
      async login(username, password) {
        const r = await rpc('auth.login', { username, password });
        // Another user starts at their own home, not on the page the last one left open.
        if (sessionStorage.getItem(LAST_USER) !== r.me.id) window.location.hash = '#/';
        sessionStorage.setItem(LAST_USER, r.me.id);
        session.set(r.sessionToken);
        setNotice(null);
        setMe(r.me);
      },
      async logout() {
        try {
          await rpc('auth.logout', {});
        } finally {
          drafts.clearAll();
          sessionStorage.removeItem(LAST_USER);
          window.location.hash = '#/';
          session.clear();
          setMe(null);
          clearUserData();
        }
      },
      refresh: async () => {
        await status.refetch();
        await refresh();
      },
      can: (p) => !!me?.permissions.includes(p),
    }),
    [me, status, checked, notice, refresh, clearUserData],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
