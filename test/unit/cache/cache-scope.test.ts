import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responseCacheScope } from '../../../src/cache/cache-scope.ts';

const identity = fc.record({
  method: fc.constantFrom('jwt', 'hmac', 'shared-secret'),
  subject: fc.option(fc.string(), { nil: undefined }),
  scopes: fc.array(fc.string(), { maxLength: 4 }),
});

describe('responseCacheScope', () => {
  it('separates accounts, and callers by method, subject and scopes', () => {
    const alice = { inboundIdentity: { method: 'jwt', subject: 'alice', scopes: ['read'] } };
    expect(responseCacheScope(alice, 'a')).not.toBe(responseCacheScope(alice, 'b'));
    expect(responseCacheScope(alice, 'a')).not.toBe(
      responseCacheScope(
        { inboundIdentity: { method: 'jwt', subject: 'alice', scopes: ['read', 'write'] } },
        'a',
      ),
    );
    expect(responseCacheScope(alice, 'a')).not.toBe(responseCacheScope({}, 'a'));
    expect(responseCacheScope({}, 'a')).toBe('account:"a"|caller:anonymous');
  });

  it('ignores the order of scopes', () => {
    const one = { inboundIdentity: { method: 'jwt', subject: 's', scopes: ['b', 'a'] } };
    const two = { inboundIdentity: { method: 'jwt', subject: 's', scopes: ['a', 'b'] } };
    expect(responseCacheScope(one, 'x')).toBe(responseCacheScope(two, 'x'));
  });

  it('property: two scopes are equal only when account, method, subject and scope set are', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), identity, identity, (accountA, accountB, a, b) => {
        const same =
          accountA === accountB &&
          a.method === b.method &&
          a.subject === b.subject &&
          JSON.stringify([...a.scopes].sort()) === JSON.stringify([...b.scopes].sort());
        expect(
          responseCacheScope({ inboundIdentity: a }, accountA) ===
            responseCacheScope({ inboundIdentity: b }, accountB),
        ).toBe(same);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
