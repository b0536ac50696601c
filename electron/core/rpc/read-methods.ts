import type { MethodName } from '../../../shared/contract';

// Calls that only read, by their verb: they go on while an import commits (WAL readers see
// the last committed state). Everything else waits for the commit, so a method missing here
// is only slower during an import, never wrong. Imports' own calls never wait.
const READ_VERBS = new Set([
  'list',
  'get',
  'search',
  'entries',
  'counts',
  'history',
  'load',
  'overview',
  'dualTrack',
  'status',
  'me',
  'template',
  'export',
  'course',
  'courses',
  'plans',
  'compliance',
  'cadre',
  'suggest',
  'warnings',
  'education',
  'targets',
  'supervisors',
  'candidates',
  'mine',
  'supervisor',
  'secondLine',
  'eligibility',
  'quota',
  'dashboard',
  'openDeclarations',
  'verify',
  'conflicts',
  'rules',
  'importPreview',
  'about',
  'refusedRestores',
]);

export function isReadMethod(method: string): boolean {
  // Update calls never wait either: installing refuses by itself while an import runs.
  if (method.startsWith('imports.') || method.startsWith('update.')) return true;
  const verb = method.slice(method.indexOf('.') + 1);
  return READ_VERBS.has(verb) && method !== ('sync.now' satisfies MethodName);
}
