import { authContract } from '../../../../shared/contract/auth';
import { defineModule, PROBE_ID } from '../../module';
import { createAuthService, type AuthService } from './auth.service';
import { createSetupService, type SetupService } from './setup';

declare module '../../module' {
  interface Ports {
    auth: AuthService;
    setup: SetupService;
  }
}

/** Accounts, sign-in and sessions, and the first-run setup. */
export default defineModule({
  name: 'auth',
  contract: authContract,
  services: (p, ports) => {
    const auth = createAuthService({ sqlite: p.sqlite, clock: p.clock, audit: p.audit, settings: ports.settings });
    return { auth, setup: createSetupService({ sqlite: p.sqlite, auth, offices: ports.offices, sample: ports.sample, worker: () => p.worker }) };
  },
  handlers: (s) => ({
    'auth.status': () => {
      const setUp = s.auth.anyUser();
      const b = setUp ? s.offices.list(true).find((o) => o.kind === 'bureau') : undefined;
      return { setUp, bureauName: b?.name ?? null };
    },
    'auth.setup': (i, c) => s.setup(i, c.today),
    'auth.login': (i) => s.auth.login(i.username, i.password),
    'auth.logout': (_i, c) => {
      s.auth.logout(c.sessionToken);
      return null;
    },
    'auth.me': (_i, c) => s.auth.me(c.user, s.auth.session(c.sessionToken)),
    'auth.changePassword': (i, c) => {
      s.auth.changePassword(c.user, i.oldPassword, i.newPassword);
      return null;
    },
    'users.list': () => s.auth.listUsers(),
    'users.create': (i, c) => s.auth.createUser(i, c.actor),
    'users.update': (i, c) => s.auth.updateUser(i, c.user),
    'users.resetPassword': (i, c) => {
      s.auth.resetPassword(i.id, i.newPassword, c.user);
      return null;
    },
    'users.unlock': (i, c) => s.auth.unlock(i.id, c.user),
  }),
  probes: {
    'users.create': { username: 'zz_probe', displayName: 'x', role: 'staff', officeId: PROBE_ID, password: 'short' },
    'users.update': { id: PROBE_ID },
    'users.resetPassword': { id: PROBE_ID, newPassword: 'short' },
    'users.unlock': { id: PROBE_ID },
  },
});
