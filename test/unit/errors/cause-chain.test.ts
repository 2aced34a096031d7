import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  causeChain,
  causeCode,
  MAX_CHAIN_DEPTH,
  viaCause,
  viaOriginalError,
} from '../../../src/errors/cause-chain.ts';

function causeChainOf(length: number): Error {
  let error = new Error('e0');
  for (let i = 1; i < length; i++) error = new Error(`e${i}`, { cause: error });
  return error;
}

describe('causeChain', () => {
  it('yields the error, then each cause, outermost first', () => {
    const inner = Object.assign(new Error('socket'), { code: 'ECONNRESET' });
    const outer = new TypeError('fetch failed', { cause: inner });
    expect([...causeChain(outer, viaCause)]).toEqual([outer, inner]);
  });

  it('follows originalError through GraphQLErrors and stops at the plain error', () => {
    const bug = new Error('bug', { cause: new Error('not followed') });
    const wrapped = new GraphQLError('wrapped', { originalError: bug });
    const outer = new GraphQLError('outer', { originalError: wrapped });
    expect([...causeChain(outer, viaOriginalError)]).toEqual([outer, wrapped, bug]);
  });

  it('yields nothing for a non-Error and stops at a non-Error link', () => {
    expect([...causeChain('text', viaCause)]).toEqual([]);
    const error = new Error('outer', { cause: 'a string cause' });
    expect([...causeChain(error, viaCause)]).toEqual([error]);
  });

  it.each([1, 2, MAX_CHAIN_DEPTH - 1, MAX_CHAIN_DEPTH, MAX_CHAIN_DEPTH + 1, 50])(
    'stops after the depth limit (chain of %i)',
    (length) => {
      expect([...causeChain(causeChainOf(length), viaCause)]).toHaveLength(Math.min(length, MAX_CHAIN_DEPTH));
      expect([...causeChain(causeChainOf(length), viaCause, 3)]).toHaveLength(Math.min(length, 3));
    },
  );

  it('terminates on a cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect([...causeChain(a, viaCause)]).toHaveLength(MAX_CHAIN_DEPTH);
  });
});

describe('causeCode', () => {
  const coded = (message: string, code: unknown, cause?: unknown) =>
    Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });

  it('finds the socket code Node fetch wraps in "fetch failed"', () => {
    const error = new TypeError('fetch failed', { cause: coded('connect', 'ECONNREFUSED') });
    expect(causeCode(error)).toBe('ECONNREFUSED');
  });

  it('returns the first code the filter accepts, skipping others and non-string codes', () => {
    const error = coded('outer', 'not a system code', coded('middle', 42, coded('inner', 'ENOTFOUND')));
    expect(causeCode(error)).toBe('not a system code');
    expect(causeCode(error, (code) => /^[A-Z_]+$/.test(code))).toBe('ENOTFOUND');
  });

  it('is undefined without a code, for a non-Error, and on a cycle without one', () => {
    expect(causeCode(new Error('plain'))).toBeUndefined();
    expect(causeCode('ECONNREFUSED')).toBeUndefined();
    const a = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(causeCode(a)).toBeUndefined();
  });
});
