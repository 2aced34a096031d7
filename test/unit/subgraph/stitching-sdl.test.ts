import { stitchingDirectives } from '@graphql-tools/stitching-directives';
import { buildSchema } from 'graphql';
import { expect, it } from 'vitest';
import { printStitchingSdl } from '../../../src/subgraph/stitching-sdl.ts';

const schema = buildSchema(/* GraphQL */ `
  scalar _Any
  type _Service { sdl: String }
  union _Entity = Space
  type Query {
    spaces: [Space]
    spacesByIds(ids: [ID!]!): [Space]!
    _entities(representations: [_Any!]!): [_Entity]!
    _service: _Service!
    _sdl: String!
  }
  type Space { id: ID! name: String }
  type Theme { logoUrl: String }
`);

it('prints the stitching directives, keys and merges Space, drops the federation plumbing, keeps _sdl', () => {
  const sdl = printStitchingSdl(schema, { spaceTypeName: 'Space', mergeField: 'spacesByIds' });
  expect(sdl).toContain('directive @key(selectionSet: String!) on OBJECT');
  expect(sdl).toContain('directive @merge(');
  expect(sdl).toContain(
    [
      'type Query {',
      '  spaces: [Space]',
      '  spacesByIds(ids: [ID!]!): [Space]! @merge(keyField: "id")',
      '  _sdl: String!',
      '}',
      '',
      'type Space @key(selectionSet: "{ id }") @canonical {',
      '  id: ID!',
      '  name: String',
      '}',
      '',
      'type Theme {',
    ].join('\n'),
  );
  expect(sdl).not.toMatch(/_Any|_Entity|_Service|_entities|_service/);
  // What a stitching gateway does with it: build, validate (it throws on a bad directive).
  const { stitchingDirectivesValidator } = stitchingDirectives();
  expect(() => stitchingDirectivesValidator(buildSchema(sdl))).not.toThrow();
});
