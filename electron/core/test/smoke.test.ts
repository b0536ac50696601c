import { describe, expect, it } from 'vitest';
import { setupCore } from './helpers';

describe('core smoke', () => {
  it('sets up, logs in and lists offices', async () => {
    const t = await setupCore({ sample: true });
    const offices = await t.call('offices.list', { includeInactive: true }, t.adminToken);
    expect(offices[0]!.kind).toBe('bureau');
    expect(offices.length).toBe(7);
    await t.core.close();
  });
});
