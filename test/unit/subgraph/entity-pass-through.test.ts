import { type GraphQLSchema, parse, print, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { COMPUTED_FIELDS } from '../../../src/subgraph/computed-fields.ts';
import { entityPlan, IDS_VARIABLE, spaceIdsOf } from '../../../src/subgraph/entity-pass-through.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { type PassThroughRules, passThroughRules } from '../../../src/subgraph/pass-through-eligibility.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;

interface Built {
  schema: GraphQLSchema;
  rules: PassThroughRules;
  space: string;
}

async function build(typePrefix = ''): Promise<Built> {
  const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
  const schema = buildSpacesSchema({
    upstreamSchema,
    executor: () => {
      throw new Error('nothing is executed');
    },
    typePrefix,
  });
  const rules = passThroughRules(schema, upstreamSchema, { typePrefix, computed: COMPUTED_FIELDS });
  return { schema, rules, space: `${typePrefix}Space` };
}

let plain: Built;
let prefixed: Built;

beforeAll(async () => {
  [plain, prefixed] = await Promise.all([build(), build('Boomi')]);
});

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) ';

/** The batch document sent for `source`, printed, or undefined for the normal path; `source` must be valid. */
function batch(built: Built, source: string): string | undefined {
  const document = parse(source);
  expect(validate(built.schema, document), source).toEqual([]);
  const plan = entityPlan(document, undefined, built.schema, built.rules, built.space);
  return plan && print(plan.document);
}

describe('entityPlan', () => {
  it('sends the selection as one _spacesByIds batch, computed fields replaced, other variables kept', () => {
    expect(batch(plain, `${ENTITIES}{ __typename ... on Space { id guid accountGroup { name } } } }`)).toBe(
      print(
        parse(
          `query ($${IDS_VARIABLE}: [ID!]!) { _spacesByIds(ids: $${IDS_VARIABLE}) { __typename ... on Space { id url accountGroup { name } } } }`,
        ),
      ),
    );
    expect(
      batch(
        plain,
        'query Q($r: [_Any!]!, $on: Boolean!) { e: _entities(representations: $r) { ...F } } fragment F on Space { id name @include(if: $on) }',
      ),
    ).toBe(
      print(
        parse(
          `query Q($on: Boolean!, $${IDS_VARIABLE}: [ID!]!) { _spacesByIds(ids: $${IDS_VARIABLE}) { ...F } } fragment F on Space { id name @include(if: $on) }`,
        ),
      ),
    );
    expect(
      batch(
        plain,
        '{ _entities(representations: [{ __typename: "Space", id: "1" }]) { ... on Space { id } } }',
      ),
    ).toBeDefined();
  });

  it('leaves to the normal path what it cannot send as one batch of Spaces', () => {
    const normal: Record<string, string> = {
      'another entity type': `${ENTITIES}{ ... on AccountGroup { id } } }`,
      'a fragment on _Entity': `${ENTITIES}{ ... on _Entity { __typename } } }`,
      'an inline fragment without a type': `${ENTITIES}{ ... { __typename } } }`,
      'a named fragment on another type': `${ENTITIES}{ ...G } } fragment G on AccountGroup { id }`,
      'a delegated computed field (a count of a union list)': `${ENTITIES}{ ... on Space { id catalogArtifactCount } } }`,
      'an alias that could clash with a computed field input': `${ENTITIES}{ ... on Space { url: name guid } } }`,
      'another root field':
        'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } spaces { id } }',
      'a directive on _entities':
        'query ($r: [_Any!]!, $s: Boolean!) { _entities(representations: $r) @skip(if: $s) { __typename } }',
      'the batch variable taken': `query ($r: [_Any!]!, $${IDS_VARIABLE}: Boolean!) { _entities(representations: $r) { ... on Space { id @include(if: $${IDS_VARIABLE}) } } }`,
    };
    for (const [why, source] of Object.entries(normal)) expect(batch(plain, source), why).toBeUndefined();
    expect(batch(prefixed, `${ENTITIES}{ ... on BoomiSpace { id } } }`), 'a renamed type').toBeUndefined();
  });
});

describe('spaceIdsOf', () => {
  it('is the distinct ids in order of first appearance, when every representation is a Space', () => {
    const space = (id: unknown) => ({ __typename: 'Space', id });
    expect(spaceIdsOf([space('b'), space('a'), space('b')], 'Space')).toEqual(['b', 'a']);
    expect(spaceIdsOf([space('a'), { __typename: 'AccountGroup', id: 'g' }], 'Space')).toBeUndefined();
    expect(spaceIdsOf([space('')], 'Space')).toBeUndefined();
    expect(spaceIdsOf([space(1)], 'Space')).toBeUndefined();
    expect(spaceIdsOf([null], 'Space')).toBeUndefined();
    expect(spaceIdsOf('nope', 'Space')).toBeUndefined();
  });
});
