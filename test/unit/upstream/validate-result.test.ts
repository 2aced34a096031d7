import type { ExecutionResult } from '@graphql-tools/utils';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateUpstreamResult, validatingExecutor } from '../../../src/upstream/validate-result.ts';

const schema = buildSchema(/* GraphQL */ `
  interface Node { id: ID! }
  type Space implements Node { id: ID! name: String! count: Int ratio: Float ok: Boolean kind: Kind tags: [String!] }
  type Group implements Node { id: ID! }
  union Thing = Space | Group
  enum Kind { A B }
  type Query { spaces: [Space] space(id: ID!): Space! node: Node thing: Thing }
  type Mutation { spaceUpdate(name: String!): Space }
`);

const check = (query: string, result: ExecutionResult, variables?: Record<string, unknown>) =>
  validateUpstreamResult({ document: parse(query), ...(variables ? { variables } : {}) }, result, schema);

const bad = (message: string, path: Array<string | number>, retryable = true) => ({
  message,
  path,
  extensions: { code: 'UPSTREAM_BAD_RESPONSE', category: 'UPSTREAM', retryable },
});

const json = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

describe('validateUpstreamResult', () => {
  it('returns a matching result itself', () => {
    const result = { data: { spaces: [{ id: 1, name: 'a', count: null, kind: 'A', tags: ['x'] }] } };
    expect(check('{ spaces { id name count kind tags } }', result)).toBe(result);
  });

  it('data null without errors, or no data at all: one error per root field', () => {
    expect(json(check('{ spaces { id } s: space(id: 1) { id } }', { data: null }))).toEqual({
      data: { spaces: null, s: null },
      errors: [
        bad('Boomi answered without a value for spaces.', ['spaces']),
        bad('Boomi answered without a value for s.', ['s']),
      ],
    });
    expect(json(check('{ spaces { id } }', { errors: [] })).errors).toEqual([
      bad('Boomi answered without a value for spaces.', ['spaces']),
    ]);
  });

  it('leaves data null alone when the upstream said why', () => {
    const result = { data: null, errors: [new GraphQLError('no', { path: ['space'] })] };
    expect(check('{ space(id: 1) { id } }', result)).toBe(result);
  });

  it('a null or missing value under an upstream error is explained', () => {
    const result = {
      data: { spaces: [{ id: '1', name: null }, null] },
      errors: [
        new GraphQLError('a', { path: ['spaces', 0, 'name'] }),
        new GraphQLError('b', { path: ['spaces', 1] }),
      ],
    };
    expect(check('{ spaces { id name } }', result)).toBe(result);
  });

  it('gives up on the data when an upstream error has no path', () => {
    const result = { data: { spaces: [{ id: true }] }, errors: [new GraphQLError('somewhere')] };
    expect(check('{ spaces { id } }', result)).toBe(result);
  });

  it.each([
    ['name', '{ "id": "1", "name": 3 }', 'a number where String! is expected'],
    ['count', '{ "id": "1", "name": "a", "count": 1.5 }', 'a number where Int is expected'],
    ['ratio', '{ "id": "1", "name": "a", "ratio": "1" }', 'a string where Float is expected'],
    ['ok', '{ "id": "1", "name": "a", "ok": "yes" }', 'a string where Boolean is expected'],
    ['kind', '{ "id": "1", "name": "a", "kind": "C" }', 'a string where Kind is expected'],
    ['tags', '{ "id": "1", "name": "a", "tags": "x" }', 'a string where [String!] is expected'],
  ])('wrong type in %s → its path, the value nulled', (field, space, what) => {
    const out = json(check(`{ spaces { id name ${field} } }`, { data: { spaces: [JSON.parse(space)] } }));
    expect(out.errors).toEqual([bad(`Boomi returned ${what} at spaces.0.${field}.`, ['spaces', 0, field])]);
    expect(out.data.spaces[0][field]).toBeNull();
  });

  it('null in a non-null list item, an object where a leaf is expected, a leaf where an object is', () => {
    const out = json(
      check('{ spaces { id tags } s: space(id: 1) { id } }', {
        data: { spaces: [{ id: { x: 1 }, tags: ['a', null] }], s: 'nope' },
      }),
    );
    expect(out.errors).toEqual([
      bad('Boomi returned an object where ID! is expected at spaces.0.id.', ['spaces', 0, 'id']),
      bad('Boomi returned null for the non-null field spaces.0.tags.1.', ['spaces', 0, 'tags', 1]),
      bad('Boomi returned a string where Space! is expected at s.', ['s']),
    ]);
  });

  it('follows aliases, inline fragments, named fragments and __typename on abstract types', () => {
    const query = /* GraphQL */ `
      { n: node { __typename id ... on Space { label: name } } thing { __typename ...G } }
      fragment G on Group { id }
    `;
    const out = json(
      check(query, {
        data: { n: { __typename: 'Space', id: '1' }, thing: { __typename: 'Group', id: null } },
      }),
    );
    expect(out.errors).toEqual([
      bad('Boomi answered without a value for n.label.', ['n', 'label']),
      bad('Boomi returned null for the non-null field thing.id.', ['thing', 'id']),
    ]);
    // A fragment on another member of the union does not apply.
    const other = { data: { thing: { __typename: 'Space', id: '1', name: 'a' } } };
    expect(check('{ thing { __typename ... on Group { id } } }', other)).toBe(other);
  });

  it('skips fields that @skip/@include exclude', () => {
    const result = { data: { spaces: [{ id: '1' }] } };
    expect(check('query ($s: Boolean!) { spaces { id name @skip(if: $s) } }', result, { s: true })).toBe(
      result,
    );
    expect(check('{ spaces { id name @include(if: false) } }', result)).toBe(result);
    expect(json(check('{ spaces { id name @include(if: true) } }', result)).errors).toHaveLength(1);
  });

  it('a mutation: not retryable, and the message says the change may have been applied', () => {
    const out = json(
      check('mutation { spaceUpdate(name: "x") { id name } }', { data: { spaceUpdate: { id: '1' } } }),
    );
    expect(out.errors).toEqual([
      bad(
        'Boomi answered without a value for spaceUpdate.name. The change may have been applied.',
        ['spaceUpdate', 'name'],
        false,
      ),
    ]);
  });
});

describe('validatingExecutor', () => {
  it('checks what the wrapped executor returns', async () => {
    const executor = validatingExecutor(() => ({ data: null }), schema);
    const out = (await executor({ document: parse('{ spaces { id } }') })) as ExecutionResult;
    expect(out.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('validateUpstreamResult on seeded random answers (hostile upstream)', () => {
  /** mulberry32: a small seeded PRNG, so every run checks the same 2,000 answers. */
  function prng(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const query = '{ spaces { id name count ratio ok kind tags } s: space(id: 1) { id name } }';
  const junk = [
    null,
    undefined,
    0,
    1.5,
    -1,
    2 ** 40,
    '',
    'x',
    'A',
    true,
    false,
    [],
    [null],
    ['a', 1],
    {},
    { id: 1 },
  ];

  it('never throws, reports only UPSTREAM_BAD_RESPONSE with a path, and its output passes its own check', () => {
    const random = prng(8);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const value = (good: () => unknown) => (random() < 0.8 ? good() : pick(junk));
    const space = () => ({
      id: value(() => 's1'),
      name: value(() => 'n'),
      count: value(() => 3),
      ratio: value(() => 0.5),
      ok: value(() => true),
      kind: value(() => 'B'),
      tags: value(() => ['t']),
    });
    for (let i = 0; i < 2000; i++) {
      const data =
        random() < 0.05 ? pick(junk) : { spaces: value(() => [space(), space()]), s: value(space) };
      const result = { data } as ExecutionResult;
      const out = check(query, result);
      for (const error of out.errors ?? []) {
        expect(error.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
        expect(error.path?.length).toBeGreaterThan(0);
      }
      // Every null the check put in is explained by the error it added: a second pass changes nothing.
      expect(check(query, out)).toBe(out);
    }
  });
});
