import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { shareResult } from '../../../src/plugins/shared-result.ts';

type Stringified = { stringify?: (value: unknown) => string };
const textOf = (result: object) => ((result as Stringified).stringify ?? JSON.stringify)(result);

describe('shareResult', () => {
  it('gives joiners of a data-only result the text JSON.stringify would write (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 1, max: 4 }),
        (data, joiners) => {
          const result = { data };
          const expected = JSON.stringify(result);
          const shared = shareResult(result);
          for (let i = 0; i < joiners; i++) {
            const own = shared.forJoiner();
            expect(textOf(own)).toBe(expected);
            expect(JSON.stringify(own)).toBe(expected);
          }
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('shares one frozen copy: the leader keeps its own mutable result, nobody can change the shared one', () => {
    const result = { data: { spaces: [{ id: '1', name: 'a' }] } };
    const shared = shareResult(result);
    const [a, b] = [shared.forJoiner(), shared.forJoiner()];
    expect(a.data).toBe(b.data);
    expect(a.data).not.toBe(result.data);
    expect(() => {
      (a.data as { spaces: Array<{ name: string }> }).spaces[0]!.name = 'changed';
    }).toThrow(TypeError);
    result.data.spaces[0]!.name = 'leader only';
    expect(textOf(b)).toBe('{"data":{"spaces":[{"id":"1","name":"a"}]}}');
  });

  it('writes what a joiner made of its result when it added to it or replaced its data', () => {
    const shared = shareResult({ data: { n: 1 } });
    const extended = shared.forJoiner();
    extended.extensions = { cost: 2 };
    expect(textOf(extended)).toBe('{"data":{"n":1},"extensions":{"cost":2}}');
    const failed = shared.forJoiner();
    failed.errors = [new GraphQLError('late')];
    expect(JSON.parse(textOf(failed))).toEqual({ data: { n: 1 }, errors: [{ message: 'late' }] });
    const replaced = shared.forJoiner();
    replaced.data = { n: 3 };
    expect(textOf(replaced)).toBe('{"data":{"n":3}}');
    expect(textOf(shared.forJoiner())).toBe('{"data":{"n":1}}');
  });

  it('copies a result with errors for each joiner: normalization rewrites errors per request', () => {
    const result = { data: { n: null }, errors: [new GraphQLError('no', { path: ['n'] })] };
    const shared = shareResult(result);
    const [a, b] = [shared.forJoiner(), shared.forJoiner()];
    expect(a).toEqual(result);
    expect(a.data).not.toBe(b.data);
    expect(a.errors?.[0]).not.toBe(b.errors?.[0]);
    expect(Object.isFrozen(a.data)).toBe(false);
    expect((a as Stringified).stringify).toBeUndefined();
  });
});
