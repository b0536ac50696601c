import { describe, expect, it } from 'vitest';
import { HubError, hubErrorBody, hubErrorOf } from './http-error';

describe('the sync link error', () => {
  it('crosses the wire unchanged: what the hub throws is what the worker gets back', () => {
    const sent = new HubError(426, 'CLIENT_TOO_OLD', 'client too old', { minSchemaVersion: 14 });
    const got = hubErrorOf(426, JSON.parse(JSON.stringify(hubErrorBody(sent))));
    expect(got).toBeInstanceOf(HubError);
    expect({ status: got.status, code: got.code, message: got.message, details: got.details }).toEqual({
      status: 426,
      code: 'CLIENT_TOO_OLD',
      message: sent.message,
      details: { minSchemaVersion: 14 },
    });
  });

  it('keeps a code a newer hub sends, and names an error answer without one by its status', () => {
    expect(hubErrorOf(409, { error: { code: 'SOMETHING_NEW', message: 'x' } }).code).toBe('SOMETHING_NEW');
    const bare = hubErrorOf(502, { nope: true });
    expect({ code: bare.code, message: bare.message }).toEqual({ code: 'HTTP', message: 'hub error 502' });
    expect(hubErrorOf(500, null).code).toBe('HTTP');
  });
});
