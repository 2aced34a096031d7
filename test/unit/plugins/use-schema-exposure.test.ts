import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useSchemaExposure } from '../../../src/plugins/use-schema-exposure.ts';

async function run(
  introspection: boolean | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: Array<{ message: string }> }> {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'enum Color { RED GREEN } type Query { name: String color(c: Color): Color }',
      resolvers: { Query: { name: () => 'n', color: (_: unknown, a: { c: string }) => a.c } },
    }),
    logging: false,
    plugins: [useSchemaExposure(introspection === undefined ? {} : { introspection })],
  });
  const response = await yoga.fetch('http://x/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
}

describe('useSchemaExposure', () => {
  it('by default refuses introspection and strips suggestions of every form', async () => {
    expect((await run(undefined, '{ __schema { queryType { name } } }')).errors?.[0]?.message).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    expect((await run(undefined, '{ nam }')).errors?.[0]?.message).toBe(
      'Cannot query field "nam" on type "Query".',
    );
    const enumValue = await run(undefined, 'query ($c: Color) { color(c: $c) }', { c: 'REDD' });
    expect(enumValue.errors?.[0]?.message).toBe(
      'Variable "$c" got invalid value "REDD"; Value "REDD" does not exist in "Color" enum.',
    );
    expect((await run(undefined, '{ __typename name }')).data).toEqual({ __typename: 'Query', name: 'n' });
  });

  it('introspection: true answers introspection and keeps suggestions', async () => {
    expect((await run(true, '{ __schema { queryType { name } } }')).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect((await run(true, '{ nam }')).errors?.[0]?.message).toBe(
      'Cannot query field "nam" on type "Query". Did you mean "name"?',
    );
  });
});
