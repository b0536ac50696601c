import { randomBytes } from 'node:crypto';
import type { Me, User } from '../../../../shared/contract/auth';
import { AppError, fail } from '../../../../shared/contract/errors';
import { ROLE_PERMISSIONS, type Role } from '../../../../shared/contract/roles';
import { passwordProblem } from '../../../../shared/domain/password';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { isoAt, type Clock } from '../../clock';
import type { Sqlite } from '../../db/open';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../settings/settings.service';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { todayOf } from '../../clock';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  office_id: string;
  cadre_id: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  last_login_at: string | null;
}

export interface Session {
  token: string;
  userId: string;
  lastSeen: number;
  /** The account had never signed in before this session: a new account, not a reset one. */
  firstLogin: boolean;
}

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    officeId: r.office_id,
    cadreId: r.cadre_id,
    disabled: !!r.disabled,
    mustChangePassword: !!r.must_change_password,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
  };
}

function assertStrong(pw: string, username: string) {
  const p = passwordProblem(pw, username);
  if (p) throw new AppError('WEAK_PASSWORD', 'weakPassword', { problem: p });
}

export function createAuthService(deps: { sqlite: Sqlite; clock: Clock; audit: AuditService; settings: SettingsService; failedLoginFloorMs?: number }) {
  const { sqlite, clock, audit } = deps;
  const failedLoginFloorMs = deps.failedLoginFloorMs ?? 400;
  const sessions = new Map<string, Session>();
  const byId = sqlite.prepare<[string], UserRow>('SELECT * FROM app_user WHERE id = ?');
  const byName = sqlite.prepare<[string], UserRow>('SELECT * FROM app_user WHERE username = ? COLLATE NOCASE');
  const officeName = sqlite.prepare<[string], { name: string }>('SELECT name FROM office WHERE id = ?');
  const activeOffice = sqlite.prepare<[string], { id: string }>('SELECT id FROM office WHERE id = ? AND active = 1 AND deleted_at IS NULL');

  const system = { id: null, name: 'system' };

  function me(u: UserRow, s?: Session): Me {
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      officeId: u.office_id,
      officeName: officeName.get(u.office_id)?.name ?? '',
      cadreId: u.cadre_id,
      mustChangePassword: !!u.must_change_password,
      passwordChangeReason: u.must_change_password ? (s?.firstLogin ? 'new' : 'reset') : null,
      permissions: [...ROLE_PERMISSIONS[u.role]],
    };
  }

  function idleMs(): number {
    return deps.settings.at('session.idleMinutes', todayOf(clock)).value * 60_000;
  }

  /** Resolve a session token, expiring it when idle too long. A call from the user touches it; a background call does not. */
  function resolve(token: string | undefined, activity = true): { user: UserRow; session: Session } {
    if (!token) throw new AppError('UNAUTHENTICATED', 'signInFirst');
    const s = sessions.get(token);
    if (!s) throw new AppError('UNAUTHENTICATED', 'signInFirst');
    const now = clock.now();
    if (now - s.lastSeen > idleMs()) {
      sessions.delete(token);
      throw new AppError('SESSION_EXPIRED', 'sessionExpired');
    }
    const user = byId.get(s.userId);
    if (!user || user.disabled) {
      sessions.delete(token);
      throw new AppError('UNAUTHENTICATED', 'signInFirst');
    }
    if (activity) s.lastSeen = now;
    return { user, session: s };
  }

  /** Sign-in bookkeeping. A read-only database (after a failed integrity check) refuses it, and people still sign in to read. */
  function note(write: () => void) {
    try {
      write();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_READONLY') throw e;
    }
  }

  /**
   * Sign in. An unknown username and a wrong password get the same answer, no sooner than the
   * same floor of time, so the answer never tells whether an account exists.
   */
  async function login(username: string, password: string): Promise<{ sessionToken: string; me: Me }> {
    const started = performance.now();
    try {
      return loginNow(username, password);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'BAD_CREDENTIALS' || e.code === 'ACCOUNT_LOCKED' || e.code === 'ACCOUNT_DISABLED')) {
        const wait = failedLoginFloorMs - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      throw e;
    }
  }

  /**
   * Failed sign-ins under names no account has, counted like an account's (in memory, a bounded
   * number of names): the fifth locks the name as it would lock an account, so the lockout does
   * not tell which names exist.
   */
  const phantom = new Map<string, { attempts: number; until: string | null }>();
  function phantomFailure(username: string, now: number): never {
    // Keyed as accounts are looked up (SQLite's NOCASE folds ASCII letters only).
    const name = username.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const p = phantom.get(name) ?? { attempts: 0, until: null };
    phantom.delete(name);
    if (p.until && p.until > isoAt(now)) {
      phantom.set(name, p);
      throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until: p.until });
    }
    const attempts = p.attempts + 1;
    const locked = attempts >= MAX_FAILED_LOGINS;
    const until = locked ? isoAt(now + LOCKOUT_MINUTES * 60_000) : null;
    phantom.set(name, { attempts: locked ? 0 : attempts, until });
    // Bounded: the oldest name that is not locked goes first (a flood of made-up names does not
    // unlock one), and only past ten times the bound a locked one.
    if (phantom.size > 1000) {
      const at = isoAt(now);
      const drop = [...phantom].find(([, q]) => !q.until || q.until <= at)?.[0] ?? (phantom.size > 10_000 ? phantom.keys().next().value! : null);
      if (drop !== null) phantom.delete(drop);
    }
    if (locked) throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until });
    throw new AppError('BAD_CREDENTIALS', 'badCredentials');
  }

  function loginNow(username: string, password: string): { sessionToken: string; me: Me } {
    const u = byName.get(username);
    const now = clock.now();
    if (!u) {
      verifyPassword(password, dummyHash());
      phantomFailure(username, now);
    }
    if (u.locked_until && u.locked_until > isoAt(now)) {
      throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until: u.locked_until });
    }
    if (!verifyPassword(password, u.password_hash)) {
      const attempts = u.failed_attempts + 1;
      const locked = attempts >= MAX_FAILED_LOGINS;
      const until = locked ? isoAt(now + LOCKOUT_MINUTES * 60_000) : null;
      note(() =>
        sqlite.transaction(() => {
          sqlite
            .prepare('UPDATE app_user SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?')
            .run(locked ? 0 : attempts, until, isoAt(now), u.id);
          audit.append({
            actor: { id: u.id, name: u.username },
            method: locked ? 'auth.lockout' : 'auth.loginFailed',
            entity: 'app_user',
            entityId: u.id,
            after: locked ? { locked_until: until } : { failed_attempts: attempts },
          });
        })(),
      );
      if (locked) throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until });
      throw new AppError('BAD_CREDENTIALS', 'badCredentials');
    }
    // A disabled account says so only to its own password, after the same counting and locking as
    // any account's: its failures tell it from no name, and it cannot be guessed at without end.
    if (u.disabled) throw new AppError('ACCOUNT_DISABLED', 'accountDisabled');
    note(() =>
      sqlite.transaction(() => {
        sqlite
          .prepare('UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = ?, updated_at = ? WHERE id = ?')
          .run(isoAt(now), isoAt(now), u.id);
        audit.append({ actor: { id: u.id, name: u.username }, method: 'auth.login', entity: 'app_user', entityId: u.id });
      })(),
    );
    const token = randomBytes(32).toString('base64url');
    // A password the administrator set at creation and nobody has changed or reset since: the
    // account is new (also at its second login, after a first change attempt that failed).
    const lastPasswordEvent = u.must_change_password
      ? (sqlite
          .prepare(
            "SELECT method FROM audit_log WHERE entity = 'app_user' AND entity_id = ? AND method IN ('users.resetPassword', 'auth.changePassword') ORDER BY seq DESC LIMIT 1",
          )
          .get(u.id) as { method: string } | undefined)
      : undefined;
    const session = { token, userId: u.id, lastSeen: now, firstLogin: u.last_login_at === null || (!!u.must_change_password && !lastPasswordEvent) };
    sessions.set(token, session);
    return { sessionToken: token, me: me(byId.get(u.id)!, session) };
  }

  function logout(token: string) {
    const s = sessions.get(token);
    sessions.delete(token);
    if (s) {
      const u = byId.get(s.userId);
      note(() => audit.append({ actor: { id: s.userId, name: u?.username ?? '' }, method: 'auth.logout', entity: 'app_user', entityId: s.userId }));
    }
  }

  /** The signed-in user's password asked again before something that should not be done in passing. */
  function confirmPassword(user: UserRow, password: string, purpose = 'backup.recoveryKey'): void {
    const u = byId.get(user.id) ?? user;
    const now = clock.now();
    if (u.locked_until && u.locked_until > isoAt(now)) throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until: u.locked_until });
    if (!verifyPassword(password, u.password_hash)) {
      confirmFailed(u, now, purpose);
      throw fail('BAD_CREDENTIALS', 'wrongPassword', { field: 'password' });
    }
    if (u.failed_attempts) note(() => sqlite.prepare('UPDATE app_user SET failed_attempts = 0 WHERE id = ?').run(u.id));
  }

  /**
   * A wrong password at a re-prompt counts with the sign-in failures (the same counter, the same
   * lockout) and is audited; the fifth locks the account and ends its sessions.
   */
  function confirmFailed(u: UserRow, now: number, purpose: string): void {
    const attempts = u.failed_attempts + 1;
    const locked = attempts >= MAX_FAILED_LOGINS;
    const until = locked ? isoAt(now + LOCKOUT_MINUTES * 60_000) : null;
    note(() =>
      sqlite.transaction(() => {
        sqlite
          .prepare('UPDATE app_user SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?')
          .run(locked ? 0 : attempts, until, isoAt(now), u.id);
        audit.append({
          actor: { id: u.id, name: u.username },
          method: locked ? 'auth.lockout' : 'auth.confirmFailed',
          entity: 'app_user',
          entityId: u.id,
          after: locked ? { locked_until: until, purpose } : { failed_attempts: attempts, purpose },
        });
      })(),
    );
    if (!locked) return;
    for (const [token, s] of sessions) if (s.userId === u.id) sessions.delete(token);
    throw new AppError('ACCOUNT_LOCKED', 'accountLocked', { until });
  }

  function changePassword(user: UserRow, oldPassword: string, newPassword: string) {
    if (!verifyPassword(oldPassword, user.password_hash)) throw fail('BAD_CREDENTIALS', 'wrongOldPassword', { field: 'oldPassword' });
    assertStrong(newPassword, user.username);
    if (oldPassword === newPassword) throw new AppError('WEAK_PASSWORD', 'samePassword', { problem: 'same' });
    sqlite.transaction(() => {
      sqlite
        .prepare('UPDATE app_user SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?')
        .run(hashPassword(newPassword), isoAt(clock.now()), user.id);
      audit.append({ actor: { id: user.id, name: user.username }, method: 'auth.changePassword', entity: 'app_user', entityId: user.id });
    })();
  }

  function anyUser(): boolean {
    return !!sqlite.prepare('SELECT 1 FROM app_user LIMIT 1').get();
  }

  function listUsers(): User[] {
    return sqlite.prepare<[], UserRow>('SELECT * FROM app_user ORDER BY created_at').all().map(toUser);
  }

  function requireOffice(officeId: string) {
    if (!activeOffice.get(officeId)) throw fail('BAD_INPUT', 'userOfficeMissing', { field: 'officeId' });
  }

  function requireCadre(cadreId: string, officeId: string) {
    const c = sqlite.prepare('SELECT office_id FROM cadre WHERE id = ? AND deleted_at IS NULL').get(cadreId) as { office_id: string } | undefined;
    if (!c) throw fail('BAD_INPUT', 'userCadreMissing', { field: 'cadreId' });
    if (c.office_id !== officeId) throw fail('BAD_INPUT', 'userCadreElsewhere', { field: 'cadreId' });
  }

  function createUser(
    input: { username: string; displayName: string; role: Role; officeId: string; cadreId?: string | null; password: string; mustChange?: boolean },
    actor: { id: string | null; name: string },
    method = 'users.create',
  ): User {
    assertStrong(input.password, input.username);
    return sqlite.transaction(() => {
      if (byName.get(input.username)) throw fail('CONFLICT', 'usernameTaken', { field: 'username', username: input.username });
      requireOffice(input.officeId);
      if (input.cadreId) requireCadre(input.cadreId, input.officeId);
      const now = isoAt(clock.now());
      const id = uuidv7(clock.now());
      sqlite
        .prepare(
          `INSERT INTO app_user (id, username, display_name, role, office_id, cadre_id, password_hash, must_change_password, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.username,
          input.displayName,
          input.role,
          input.officeId,
          input.cadreId ?? null,
          hashPassword(input.password),
          input.mustChange === false ? 0 : 1,
          now,
          now,
        );
      const u = byId.get(id)!;
      audit.append({ actor, method, entity: 'app_user', entityId: id, after: toUser(u) });
      return toUser(u);
    })();
  }

  function updateUser(
    input: { id: string; displayName?: string; role?: Role; officeId?: string; cadreId?: string | null; disabled?: boolean },
    actor: UserRow,
  ): User {
    return sqlite.transaction(() => {
      const before = byId.get(input.id);
      if (!before) throw fail('NOT_FOUND', 'userMissing');
      if (input.id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
        throw fail('RULE_VIOLATION', 'notYourself');
      }
      if (input.officeId) requireOffice(input.officeId);
      const next = {
        display_name: input.displayName ?? before.display_name,
        role: input.role ?? before.role,
        office_id: input.officeId ?? before.office_id,
        cadre_id: input.cadreId === undefined ? before.cadre_id : input.cadreId,
        disabled: input.disabled === undefined ? before.disabled : input.disabled ? 1 : 0,
      };
      if (next.cadre_id) requireCadre(next.cadre_id, next.office_id);
      sqlite
        .prepare('UPDATE app_user SET display_name = ?, role = ?, office_id = ?, cadre_id = ?, disabled = ?, updated_at = ? WHERE id = ?')
        .run(next.display_name, next.role, next.office_id, next.cadre_id, next.disabled, isoAt(clock.now()), input.id);
      const after = byId.get(input.id)!;
      if (after.disabled) for (const [t, s] of sessions) if (s.userId === input.id) sessions.delete(t);
      audit.append({
        actor: { id: actor.id, name: actor.username },
        method: 'users.update',
        entity: 'app_user',
        entityId: input.id,
        before: toUser(before),
        after: toUser(after),
      });
      return toUser(after);
    })();
  }

  function resetPassword(id: string, newPassword: string, actor: UserRow) {
    const u = byId.get(id);
    if (!u) throw fail('NOT_FOUND', 'userMissing');
    assertStrong(newPassword, u.username);
    sqlite.transaction(() => {
      sqlite
        .prepare('UPDATE app_user SET password_hash = ?, must_change_password = 1, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
        .run(hashPassword(newPassword), isoAt(clock.now()), id);
      audit.append({ actor: { id: actor.id, name: actor.username }, method: 'users.resetPassword', entity: 'app_user', entityId: id });
    })();
    for (const [t, s] of sessions) if (s.userId === id) sessions.delete(t);
  }

  function unlock(id: string, actor: UserRow): User {
    const u = byId.get(id);
    if (!u) throw fail('NOT_FOUND', 'userMissing');
    sqlite.transaction(() => {
      sqlite.prepare('UPDATE app_user SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(isoAt(clock.now()), id);
      audit.append({ actor: { id: actor.id, name: actor.username }, method: 'users.unlock', entity: 'app_user', entityId: id });
    })();
    return toUser(byId.get(id)!);
  }

  const session = (token: string | undefined) => (token ? sessions.get(token) : undefined);

  return { resolve, login, logout, confirmPassword, changePassword, anyUser, listUsers, createUser, updateUser, resetPassword, unlock, me, session, system };
}

export type AuthService = ReturnType<typeof createAuthService>;
