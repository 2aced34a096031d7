import { describe, expect, it } from 'vitest';
import {
  gatewayIdentity,
  identityFromClaims,
  inboundIdentityOf,
} from '../../../src/http/inbound-identity.ts';

describe('identityFromClaims', () => {
  it('takes the subject from sub and the scopes from a space-separated scope claim', () => {
    const identity = identityFromClaims({ sub: 'user-1', scope: 'spaces:read  spaces:write', acct: 'acme' });
    expect(identity).toEqual({
      method: 'jwt',
      subject: 'user-1',
      claims: { sub: 'user-1', scope: 'spaces:read  spaces:write', acct: 'acme' },
      scopes: ['spaces:read', 'spaces:write'],
    });
    expect(Object.isFrozen(identity.claims)).toBe(true);
    expect(Object.isFrozen(identity.scopes)).toBe(true);
  });

  it('reads scopes from an scp array or string, ignoring non-strings; none when absent', () => {
    expect(identityFromClaims({ scp: ['a', 1, 'b'] }).scopes).toEqual(['a', 'b']);
    expect(identityFromClaims({ scp: 'a b' }).scopes).toEqual(['a', 'b']);
    expect(identityFromClaims({}).scopes).toEqual([]);
    expect(identityFromClaims({ sub: 42 }).subject).toBeUndefined();
  });

  it('copies the claims: later changes to the payload do not leak in', () => {
    const payload: Record<string, unknown> = { sub: 'a' };
    const identity = identityFromClaims(payload);
    payload.sub = 'b';
    expect(identity.subject).toBe('a');
    expect(identity.claims.sub).toBe('a');
  });
});

describe('gatewayIdentity and inboundIdentityOf', () => {
  it('describes the gateway without user claims', () => {
    expect(gatewayIdentity('hmac')).toEqual({ method: 'hmac', subject: undefined, claims: {}, scopes: [] });
  });

  it('reads the identity from a context; undefined for none or non-objects', () => {
    const identity = gatewayIdentity('shared-secret');
    expect(inboundIdentityOf({ inboundIdentity: identity })).toBe(identity);
    expect(inboundIdentityOf({})).toBeUndefined();
    expect(inboundIdentityOf(null)).toBeUndefined();
    expect(inboundIdentityOf('x')).toBeUndefined();
  });
});
