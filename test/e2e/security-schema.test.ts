/**
 * Schema exposure: with Boomi credentials (hardened) introspection and "Did you mean" suggestions are off
 * unless INTROSPECTION=true; `_service { sdl }` always answers, since gateways compose from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

let hardened: Stack;
let open: Stack;
beforeAll(async () => {
  [hardened, open] = await Promise.all([startStack(), startStack({ env: { INTROSPECTION: 'true' } })]);
});
afterAll(async () => {
  await Promise.all([hardened?.close(), open?.close()]);
});

describe('hardened defaults', () => {
  it('refuses __schema and __type with GRAPHQL_VALIDATION_FAILED, before anything upstream', async () => {
    const before = hardened.sim.stats().graphqlRequests;
    for (const [query, field] of [
      ['{ __schema { types { name } } }', '__schema'],
      ['{ __type(name: "Space") { fields { name } } }', '__type'],
    ] as const) {
      const res = await hardened.query(query);
      expect(res.status).toBe(200);
      expect(res.body.data).toBeUndefined();
      // graphql-js also names each introspection-typed field below (types, fields): the first is the root.
      expect(res.body.errors?.[0]).toEqual({
        message: `GraphQL introspection has been disabled, but the requested query contained the field "${field}".`,
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', category: 'BAD_USER_INPUT', retryable: false },
      });
    }
    expect(hardened.sim.stats().graphqlRequests).toBe(before);
  });

  it('answers _service { sdl } and __typename', async () => {
    const res = await hardened.query<{ _service: { sdl: string }; __typename: string }>(
      '{ __typename _service { sdl } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?._service.sdl).toContain('type Space @key(fields: "id")');
  });

  it('gives no field, argument or enum suggestions', async () => {
    const field = await hardened.query('{ spaces { nme } }');
    expect(field.body.errors?.[0]?.message).toBe('Cannot query field "nme" on type "Space".');
    const arg = await hardened.query('{ space(idd: "x") { id } }');
    expect(arg.body.errors?.map((e) => e.message)).toContain(
      'Unknown argument "idd" on field "Query.space".',
    );
    // graphql-js suggests enum values while coercing variables, outside validation.
    const coercion = await hardened.query(
      'mutation ($input: SpaceCreateInput!) { spaceCreate(input: $input) { id } }',
      { input: { name: 'x', accountGroupId: 'g', sharingMode: 'ACCOUNT_GROUPS' } },
    );
    expect(coercion.body.errors?.[0]?.message).toBe(
      'Variable "$input" got invalid value "ACCOUNT_GROUPS" at "input.sharingMode"; Value "ACCOUNT_GROUPS" does not exist in "SpaceSharingMode" enum.',
    );
    expect(JSON.stringify([field.body, arg.body, coercion.body])).not.toContain('Did you mean');
    expect(hardened.sim.stats().mutations).toEqual([]);
  });
});

describe('INTROSPECTION=true', () => {
  it('answers introspection and keeps suggestions', async () => {
    const res = await open.query<{ __type: { name: string } }>('{ __type(name: "Space") { name } }');
    expect(res.body.data?.__type.name).toBe('Space');
    const field = await open.query('{ spaces { nme } }');
    expect(field.body.errors?.[0]?.message).toBe(
      'Cannot query field "nme" on type "Space". Did you mean "name"?',
    );
  });
});
