import { buildSchema, GraphQLSchema, isEnumType, isScalarType } from 'graphql';
import { expect, it } from 'vitest';
import { withFederationDefinitions } from '../../../src/subgraph/federation-definitions.ts';

it('adds the linked directives and the spec types, keeping the schema’s own types and extensions', () => {
  const schema = buildSchema('type Query { space: Space } type Space { id: ID! }');
  const extended = withFederationDefinitions(
    new GraphQLSchema({ ...schema.toConfig(), extensions: { marker: 1 } }),
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "FieldSet"])\ntype Query { space: Space }\ntype Space @key(fields: "id") { id: ID! }',
  );
  const directives = extended.getDirectives().map((d) => d.name);
  expect(directives).toEqual(expect.arrayContaining(['link', 'key', 'shareable', 'federation__requires']));
  expect(String(extended.getDirective('key')?.args.find((a) => a.name === 'fields')?.type)).toBe('FieldSet!');
  expect(isScalarType(extended.getType('FieldSet'))).toBe(true);
  expect(isScalarType(extended.getType('link__Import'))).toBe(true);
  const purpose = extended.getType('link__Purpose');
  expect(isEnumType(purpose) && purpose.getValues().map((v) => v.name)).toEqual(['SECURITY', 'EXECUTION']);
  expect(extended.getType('Space')).toBe(schema.getType('Space'));
  expect(extended.extensions).toEqual({ marker: 1 });
});
