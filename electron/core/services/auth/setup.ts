import { AppError, fail } from '../../../../shared/contract/errors';
import type { ParsedInput } from '../../../../shared/contract';
import { passwordProblem } from '../../../../shared/domain/password';
import type { Sqlite } from '../../db/open';
import type { SyncWorker } from '../../sync/worker';
import type { AuthService } from './auth.service';
import type { OfficesService } from '../offices/offices.service';
import type { SampleService } from '../sample/sample.service';

export type SetupInput = ParsedInput<'auth.setup'>;

/**
 * The first-run wizard: a new county bureau (with the sample data if asked), or a desk that joins
 * a county hub and takes its office from the first pull. The first administrator is created last,
 * in one transaction with the bureau, so a failed setup leaves the wizard to run again.
 */
export function createSetupService(deps: { sqlite: Sqlite; auth: AuthService; offices: OfficesService; sample: SampleService; worker: () => SyncWorker }) {
  const { sqlite, auth, offices, sample } = deps;
  return async function setup(i: SetupInput, today: string): Promise<{ sampleLoaded: boolean }> {
    if (auth.anyUser()) throw new AppError('ALREADY_SET_UP', 'alreadySetUp');
    const ctx = { actor: auth.system, method: 'auth.setup' };
    const weak = passwordProblem(i.password, i.username);
    if (weak) throw new AppError('WEAK_PASSWORD', 'weakPassword', { problem: weak });
    let officeId: string;
    if (i.join) {
      // Enrol, then pull the county's offices; the administrator belongs to the enrolled office.
      const st = await deps.worker().enroll(i.join);
      await deps.worker().syncNow();
      const office = offices.list(true).find((o) => o.id === st.officeId);
      // The first pull did not finish: the code stays good until it does, so the wizard tries again.
      if (!office) throw fail('HUB_UNREACHABLE', 'joinedNotPulled', { retryable: true });
      officeId = office.id;
    } else {
      if (!i.bureauName || !i.bureauCode) throw fail('BAD_INPUT', 'bureauRequired', { field: 'bureauName' });
      officeId = '';
    }
    return sqlite.transaction(() => {
      if (auth.anyUser()) throw new AppError('ALREADY_SET_UP', 'alreadySetUp');
      if (!officeId) officeId = offices.createBureau({ name: i.bureauName!, code: i.bureauCode! }, ctx).id;
      auth.createUser(
        { username: i.username, displayName: i.displayName, role: 'admin', officeId, password: i.password, mustChange: false },
        auth.system,
        'auth.setup',
      );
      if (i.loadSample && !i.join) sample.load(officeId, ctx, today);
      return { sampleLoaded: i.loadSample && !i.join };
    })();
  };
}
export type SetupService = ReturnType<typeof createSetupService>;
