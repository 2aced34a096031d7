import { buildSchema, type ObjectTypeDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printPublishedSdl } from '../../src/subgraph/published-sdl.ts';
import { typeNamer } from '../../src/subgraph/type-names.ts';

describe('typeNamer', () => {
  it('is the identity without a prefix', () => {
    const name = typeNamer('');
    expect(['Space', 'Query', 'DateTime', '_Any'].map(name)).toEqual(['Space', 'Query', 'DateTime', '_Any']);
  });

  it('prefixes types but not roots, built-in or custom scalars, or introspection types', () => {
    const name = typeNamer('Boomi');
    expect(
      ['Space', 'Environment', 'Query', 'Mutation', 'ID', 'String', 'DateTime', 'Upload', '__Type'].map(name),
    ).toEqual([
      'BoomiSpace',
      'BoomiEnvironment',
      'Query',
      'Mutation',
      'ID',
      'String',
      'DateTime',
      'Upload',
      '__Type',
    ]);
  });
});

describe('printPublishedSdl', () => {
  const schema = buildSchema(/* GraphQL */ `
    scalar _Any
    type _Service { sdl: String }
    union _Entity = Space
    type Query { spaces: [Space] _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }
    type Space { id: ID! theme: Theme group: Group }
    type Theme { logoUrl: String }
    type Group { id: ID }
  `);

  it('drops the federation plumbing and links exactly the directives it uses', () => {
    const sdl = printPublishedSdl(schema, { entities: ['Space'], referencedEntities: [], shareable: [] });
    expect(sdl).toBe(
      [
        'extend schema',
        '  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "FieldSet"])',
        '',
        'type Query {',
        '  spaces: [Space]',
        '}',
        '',
        'type Space @key(fields: "id") {',
        '  id: ID!',
        '  theme: Theme',
        '  group: Group',
        '}',
        '',
        'type Theme {',
        '  logoUrl: String',
        '}',
        '',
        'type Group {',
        '  id: ID',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('marks value types @shareable and referenced entities resolvable: false', () => {
    const sdl = printPublishedSdl(schema, {
      entities: ['Space'],
      referencedEntities: ['Group'],
      shareable: ['Theme', 'Group'],
    });
    expect(sdl).toContain('import: ["@key", "@shareable", "FieldSet"]');
    expect(sdl).toContain('type Theme @shareable {');
    expect(sdl).toContain('type Group @key(fields: "id", resolvable: false) @shareable {');
  });

  it('adds directives by coordinate to types and fields and imports them', () => {
    const directives = new Map([
      ['Space', parseDirectives('@tag(name: "public")')],
      ['Query.spaces', parseDirectives('@listSize(assumedSize: 50) @inaccessible')],
    ]);
    const sdl = printPublishedSdl(schema, {
      entities: ['Space'],
      referencedEntities: [],
      shareable: [],
      directives,
    });
    expect(sdl).toContain('import: ["@inaccessible", "@key", "@listSize", "@tag", "FieldSet"]');
    expect(sdl).toContain('  spaces: [Space] @listSize(assumedSize: 50) @inaccessible\n');
    expect(sdl).toContain('type Space @key(fields: "id") @tag(name: "public") {');
  });
});

function parseDirectives(text: string) {
  const definition = parse(`type T ${text}`).definitions[0] as ObjectTypeDefinitionNode;
  return [...(definition.directives ?? [])];
}
