import { type GraphQLSchema, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { COMPUTED_FIELDS } from '../../../src/subgraph/computed-fields.ts';
import { directAnswer } from '../../../src/subgraph/direct-answer.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { type PassThroughRules, passThroughRules } from '../../../src/subgraph/pass-through-eligibility.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;
let schema: GraphQLSchema;
let rules: PassThroughRules;

beforeAll(async () => {
  const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
  schema = buildSpacesSchema({
    upstreamSchema,
    executor: () => {
      throw new Error('nothing is executed');
    },
  });
  rules = passThroughRules(schema, upstreamSchema, { computed: COMPUTED_FIELDS });
});

const direct = (query: string, data: unknown, variables: Record<string, unknown> = {}) =>
  directAnswer({
    schema,
    document: parse(query),
    operationName: undefined,
    variables,
    data,
    computed: rules.computed,
  });

const QUERY = '{ __typename s: spaces { id name description accountGroup { name } } }';
const space = (over: Record<string, unknown> = {}) => ({
  id: '1',
  name: 'A',
  description: null,
  accountGroup: { name: 'G' },
  ...over,
});

describe('directAnswer', () => {
  it('is the answer execution would write, key for key', () => {
    expect(direct(QUERY, { __typename: 'Query', s: [space(), null] })).toEqual({
      __typename: 'Query',
      s: [space(), null],
    });
    expect(direct(QUERY, { __typename: 'Query', s: null })).toEqual({ __typename: 'Query', s: null });
  });

  it('writes the client keys in the client order and drops keys nobody asked for, as execution does', () => {
    const answer = direct(QUERY, { s: [{ extra: 1, ...space() }], __typename: 'Query' });
    expect(JSON.stringify(answer)).toBe(JSON.stringify({ __typename: 'Query', s: [space()] }));
  });

  it('is undefined for anything execution would change or report', () => {
    const cases: Record<string, unknown> = {
      'a missing key': { __typename: 'Query', s: [{ id: '1', name: 'A', accountGroup: null }] },
      'null in a non-null field': { __typename: 'Query', s: [space({ id: null })] },
      'an ID sent as a number (serialized as a string)': { __typename: 'Query', s: [space({ id: 7 })] },
      'a number for a String': { __typename: 'Query', s: [space({ name: 7 })] },
      'an object for a leaf': { __typename: 'Query', s: [space({ name: {} })] },
      'a list where an object is expected': { __typename: 'Query', s: [space({ accountGroup: [] })] },
      'an object where a list is expected': { __typename: 'Query', s: {} },
      'another __typename': { __typename: 'Mutation', s: [] },
      'no data': null,
    };
    for (const [why, data] of Object.entries(cases)) expect(direct(QUERY, data), why).toBeUndefined();
  });

  it('applies @skip/@include, fragments and field merging as execution does', () => {
    const query =
      'query ($on: Boolean!) { spaces { id name @include(if: $on) ...F ... on Space { id } } } fragment F on Space { description }';
    const answer = { spaces: [{ id: '1', name: 'A', description: null }] };
    expect(direct(query, answer, { on: true })).toEqual(answer);
    expect(direct(query, answer, { on: false })).toEqual({ spaces: [{ id: '1', description: null }] });
  });

  it('is undefined for a __proto__ alias (execution would not write an own key)', () => {
    const data = JSON.parse('{"spaces":[{"__proto__":"1"}]}');
    expect(direct('{ spaces { __proto__: id } }', data)).toBeUndefined();
  });
});

describe('directAnswer with computed fields', () => {
  const url = 'https://space.boomi.com?guid=g-1';

  it('computes them from the upstream fields sent in their place, under the client keys', () => {
    const query =
      '{ spaces { g: guid createdAt isModified modifiedAt hasLogo accountGroupId sharedIpackCount accountGroup { integrationPackCount } } }';
    const upstream = {
      spaces: [
        {
          url,
          createdDate: '2022-11-02 19:27:14.0',
          modifiedDate: null,
          theme: { logoUrl: null },
          accountGroup: { id: 'ag', integrationPacks: [{ id: 'p' }, { id: 'q' }] },
          sharedIpacks: [{ id: 's' }],
        },
      ],
    };
    expect(direct(query, upstream)).toEqual({
      spaces: [
        {
          g: 'g-1',
          createdAt: '2022-11-02T19:27:14.000Z',
          isModified: false,
          modifiedAt: null,
          hasLogo: false,
          accountGroupId: 'ag',
          sharedIpackCount: 1,
          accountGroup: { integrationPackCount: 2 },
        },
      ],
    });
  });

  it('a client field and a computed field reading it share one upstream value', () => {
    expect(direct('{ spaces { url guid } }', { spaces: [{ url }] })).toEqual({
      spaces: [{ url, guid: 'g-1' }],
    });
  });

  it('is undefined when a dependency is not what delegation would read unchanged', () => {
    const cases: Record<string, unknown> = {
      'the dependency missing': { spaces: [{}] },
      'a number for a String dependency': { spaces: [{ url: 7 }] },
      'an object for a leaf dependency': { spaces: [{ url: {} }] },
    };
    for (const [why, data] of Object.entries(cases))
      expect(direct('{ spaces { guid } }', data), why).toBeUndefined();
    expect(
      direct('{ spaces { accountGroupId } }', { spaces: [{ accountGroup: { id: 7 } }] }),
    ).toBeUndefined();
    expect(direct('{ spaces { accountGroupId } }', { spaces: [{ accountGroup: [] }] })).toBeUndefined();
    expect(direct('{ spaces { sharedIpackCount } }', { spaces: [{ sharedIpacks: {} }] })).toBeUndefined();
  });

  it('answers null where the derivation does (no url, an unreadable timestamp)', () => {
    expect(
      direct('{ spaces { guid createdAt } }', { spaces: [{ url: null, createdDate: 'yesterday' }] }),
    ).toEqual({
      spaces: [{ guid: null, createdAt: null }],
    });
  });
});
