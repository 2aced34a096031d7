import fc from 'fast-check';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { invalidGuidFields } from '../../../src/plugins/use-space-guid-validation.ts';

const names = (query: string, variables: Record<string, unknown> = {}) =>
  invalidGuidFields(parse(query), variables, undefined).map((f) => (f.alias ?? f.name).value);

describe('invalidGuidFields', () => {
  it('finds invalid guids in literals, variables, aliases and fragments', () => {
    expect(
      names(
        'query ($g: ID!) { a: environments(spaceGuid: "ok-1") { id } b: environments(spaceGuid: $g) { id } ... on Query { c: spaceAccounts(spaceGuid: "a b") { id } } ...F } fragment F on Query { d: environments(spaceGuid: "") { id } }',
        { g: '\u0000' },
      ),
    ).toEqual(['b', 'c', 'd']);
  });

  it('leaves fields that are not space-scoped, and missing or null guids (graphql-js refuses those)', () => {
    expect(names('{ space(id: "\\u0000") { id } environments { id } }')).toEqual([]);
    expect(names('query ($g: ID) { environments(spaceGuid: $g) { id } }', {})).toEqual([]);
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    // Left to ID coercion; and never turned into a string (that recursion overflowed the stack).
    expect(names('query ($g: ID!) { environments(spaceGuid: $g) { id } }', { g: deep })).toEqual([]);
  });

  it('accepts every URL-unreserved guid of 1 to 128 characters and refuses anything else (property)', () => {
    const unreserved = fc.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/);
    fc.assert(
      fc.property(unreserved, (guid) => {
        expect(names('query ($g: ID!) { environments(spaceGuid: $g) { id } }', { g: guid })).toEqual([]);
      }),
      { seed: 11, numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !/^[A-Za-z0-9._~-]{1,128}$/.test(s)),
        (guid) => {
          expect(names('query ($g: ID!) { environments(spaceGuid: $g) { id } }', { g: guid })).toEqual([
            'environments',
          ]);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });
});
