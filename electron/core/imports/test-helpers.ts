import type { ImportJob } from '../../../shared/contract/imports';
import type { TestCore } from '../test/helpers';

/** Commit a preview and wait for the job to end, as the dialog does. */
export async function commitAndWait(
  t: TestCore,
  previewId: string,
  opts: { skipErrors?: boolean; unknownRefs?: 'unassigned' | 'create'; token?: string } = {},
): Promise<ImportJob> {
  const token = opts.token ?? t.adminToken;
  const job = await t.call('imports.commit', { previewId, skipErrors: opts.skipErrors ?? false, unknownRefs: opts.unknownRefs ?? 'unassigned' }, token);
  return waitJob(t, job.jobId, token);
}

export async function waitJob(t: TestCore, jobId: string, token = t.adminToken): Promise<ImportJob> {
  for (;;) {
    const j = await t.call('imports.job', { jobId }, token);
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 20));
  }
}
