import { bearerToken } from './bearer-token.js';

describe('bearerToken', () => {
  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(bearerToken('Bearer a.b.c')).toEqual({ kind: 'present', token: 'a.b.c' });
    expect(bearerToken('bearer a.b.c')).toEqual({ kind: 'present', token: 'a.b.c' });
  });

  it('tells an absent header from a malformed one', () => {
    expect(bearerToken(undefined)).toEqual({ kind: 'absent' });
    for (const header of [
      '',
      'Bearer',
      'Basic abc',
      'Bearer a b',
      'a.b.c',
      `Bearer ${'a'.repeat(9000)}`,
      'Bearer a.b.c\u0000',
    ]) {
      expect(bearerToken(header)).toEqual({ kind: 'malformed' });
    }
    expect(bearerToken(['Bearer a', 'Bearer b'])).toEqual({ kind: 'malformed' });
  });
});
