import { describe, expect, it } from 'vitest';
import { UUID_RE, uuidv7 } from './uuid';

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 id, sortable by creation time', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 50)));
    for (const id of ids) {
      expect(id).toMatch(UUID_RE);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
