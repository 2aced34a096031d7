import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responseCacheScope } from '../../../src/cache/cache-scope.ts';

const identity = fc.record({
  method: fc.constantFrom('jwt', 'hmac', 'shared-secret'),
  subject: fc.option(fc.string(), { nil: undefined }),
  scopes: fc.array(fc.string(), { maxLength: 4 }),
});

/** A context routed to the account whose credential key is `key` (use-account-routing.ts). */
const at = (key: string, context: object = {}) => ({ ...context, boomiAccount: { name: 'n', key } });

describe('responseCacheScope', () => {
  it('separates accounts, and callers by method, subject and scopes', () => {
    const alice = { inboundIdentity: { method: 'jwt', subject: 'alice', scopes: ['read'] } };
    expect(responseCacheScope(at('a', alice))).not.toBe(responseCacheScope(at('b', alice)));
    expect(responseCacheScope(at('a', alice))).not.toBe(
      responseCacheScope(
        at('a', { inboundIdentity: { method: 'jwt', subject: 'alice', scopes: ['read', 'write'] } }),
      ),
    );
    expect(responseCacheScope(at('a', alice))).not.toBe(responseCacheScope(at('a', {})));
    expect(responseCacheScope(at('a', {}))).toBe('account:"a"|caller:anonymous');
    expect(responseCacheScope({})).toBe('account:null|caller:anonymous');
  });

  it('ignores the order of scopes', () => {
    const one = { inboundIdentity: { method: 'jwt', subject: 's', scopes: ['b', 'a'] } };
    const two = { inboundIdentity: { method: 'jwt', subject: 's', scopes: ['a', 'b'] } };
    expect(responseCacheScope(at('x', one))).toBe(responseCacheScope(at('x', two)));
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
          responseCacheScope(at(accountA, { inboundIdentity: a })) ===
            responseCacheScope(at(accountB, { inboundIdentity: b })),
        ).toBe(same);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
