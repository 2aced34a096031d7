import { type GraphQLSchema, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { isVerbatimAnswer } from '../../../src/subgraph/verbatim-answer.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;
let schema: GraphQLSchema;

beforeAll(async () => {
  schema = buildSpacesSchema({
    upstreamSchema: await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT }),
    executor: () => {
      throw new Error('nothing is executed');
    },
  });
});

const verbatim = (query: string, data: unknown, variables: Record<string, unknown> = {}) =>
  isVerbatimAnswer(schema, parse(query), undefined, variables, data);

const QUERY = '{ __typename s: spaces { id name description accountGroup { name } } }';
const space = (over: Record<string, unknown> = {}) => ({
  id: '1',
  name: 'A',
  description: null,
  accountGroup: { name: 'G' },
  ...over,
});

describe('isVerbatimAnswer', () => {
  it('is true for the answer execution would copy key for key', () => {
    expect(verbatim(QUERY, { __typename: 'Query', s: [space(), null] })).toBe(true);
    expect(verbatim(QUERY, { __typename: 'Query', s: null })).toBe(true);
  });

  it('is false for anything execution would change or report', () => {
    const cases: Record<string, unknown> = {
      'keys in another order': { s: [space()], __typename: 'Query' },
      'a key nobody asked for': { __typename: 'Query', s: [{ ...space(), extra: 1 }] },
      'a missing key': { __typename: 'Query', s: [{ id: '1', name: 'A', accountGroup: null }] },
      'null in a non-null field': { __typename: 'Query', s: [space({ id: null })] },
      'an ID sent as a number (serialized as a string)': { __typename: 'Query', s: [space({ id: 7 })] },
      'a number for a String': { __typename: 'Query', s: [space({ name: 7 })] },
      'an object for a leaf': { __typename: 'Query', s: [space({ name: {} })] },
      'a list where an object is expected': { __typename: 'Query', s: [space({ accountGroup: [] })] },
      'another __typename': { __typename: 'Mutation', s: [] },
      'no data': null,
    };
    for (const [why, data] of Object.entries(cases)) expect(verbatim(QUERY, data), why).toBe(false);
  });

  it('applies @skip/@include, fragments and field merging as execution does', () => {
    const query =
      'query ($on: Boolean!) { spaces { id name @include(if: $on) ...F ... on Space { id } } } fragment F on Space { description }';
    expect(verbatim(query, { spaces: [{ id: '1', name: 'A', description: null }] }, { on: true })).toBe(true);
    expect(verbatim(query, { spaces: [{ id: '1', description: null }] }, { on: false })).toBe(true);
    expect(verbatim(query, { spaces: [{ id: '1', name: 'A', description: null }] }, { on: false })).toBe(
      false,
    );
  });

  it('is false for a __proto__ alias (execution would not write an own key)', () => {
    const data = JSON.parse('{"spaces":[{"__proto__":"1"}]}');
    expect(verbatim('{ spaces { __proto__: id } }', data)).toBe(false);
  });
});
