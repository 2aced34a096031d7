import { buildSchema, execute, type GraphQLResolveInfo, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { representationKey, selectionsFor } from '../../../src/subgraph/entities.ts';

describe('representationKey', () => {
  const types = ['Space', 'AccountGroup'];
  it('returns the type and id of a valid representation', () => {
    expect(representationKey({ __typename: 'AccountGroup', id: 'g1', extra: 1 }, types)).toEqual({
      typeName: 'AccountGroup',
      id: 'g1',
    });
  });

  it.each([
    [null, 'An entity representation must be an object.'],
    ['Space', 'An entity representation must be an object.'],
    [
      { __typename: 'Environment', id: 'x' },
      'This subgraph resolves entities of type Space, AccountGroup only (received __typename "Environment").',
    ],
    [
      { id: 'x' },
      'This subgraph resolves entities of type Space, AccountGroup only (received __typename undefined).',
    ],
    [{ __typename: 'Space' }, 'A Space representation needs its key field "id" as a non-empty string.'],
    [
      { __typename: 'Space', id: '' },
      'A Space representation needs its key field "id" as a non-empty string.',
    ],
    [
      { __typename: 'Space', id: 7 },
      'A Space representation needs its key field "id" as a non-empty string.',
    ],
  ])('refuses %j with BAD_USER_INPUT', (representation, message) => {
    const error = representationKey(representation, types);
    expect(error).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('selectionsFor', () => {
  const schema = buildSchema(/* GraphQL */ `
    type Space { id: ID name: String }
    type AccountGroup { id: ID name: String }
    union _Entity = Space | AccountGroup
    type Query { _entities: [_Entity] }
  `);

  /** The selections the resolver of `_entities` sees for the type, printed. */
  function selectionsOf(query: string, typeName: string): string[] {
    let seen: string[] = [];
    execute({
      schema,
      document: parse(query),
      fieldResolver: (_source, _args, _context, info: GraphQLResolveInfo) => {
        if (info.fieldName === '_entities') seen = selectionsFor(info, typeName).map((s) => print(s));
        return null;
      },
    });
    return seen;
  }

  it('keeps fragments on the type, flattens those on _Entity or untyped and named fragments, drops other types', () => {
    const query = /* GraphQL */ `
      query {
        _entities {
          __typename
          ... on Space @include(if: true) { id }
          ... on AccountGroup { name }
          ... on _Entity { ... on Space { name } }
          ... { __typename }
          ...F
          ...G
        }
      }
      fragment F on Space { label: name }
      fragment G on AccountGroup { id }
    `;
    expect(selectionsOf(query, 'Space')).toEqual([
      '__typename',
      '... on Space @include(if: true) {\n  id\n}',
      '... on Space {\n  name\n}',
      '__typename',
      'label: name',
    ]);
    expect(selectionsOf(query, 'AccountGroup')).toEqual([
      '__typename',
      '... on AccountGroup {\n  name\n}',
      '__typename',
      'id',
    ]);
  });
});
