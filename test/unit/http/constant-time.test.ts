import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerToken, secretsMatch } from '../../../src/http/constant-time.ts';

describe('secretsMatch', () => {
  it('is true exactly when the strings are equal (property, seeded)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => secretsMatch(a, b) === (a === b)),
      { seed: 9, numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (a) => secretsMatch(a, a)),
      { seed: 10, numRuns: 200 },
    );
  });

  it('is false for a missing header, a prefix and a longer value', () => {
    expect(secretsMatch(null, 'secret')).toBe(false);
    expect(secretsMatch(undefined, 'secret')).toBe(false);
    expect(secretsMatch('secre', 'secret')).toBe(false);
    expect(secretsMatch('secrett', 'secret')).toBe(false);
    expect(secretsMatch('', 'secret')).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, scheme in any case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   xyz ')).toBe('xyz');
    expect(bearerToken('BEARER t')).toBe('t');
  });

  it('gives undefined for other schemes, no token, or several words', () => {
    for (const header of [null, undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) {
      expect(bearerToken(header)).toBeUndefined();
    }
  });
});
