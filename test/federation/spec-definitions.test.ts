import { composeServices as apolloCompose } from '@apollo/composition';
import { composeServices as guildCompose } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';
import { NEIGHBOURS } from './helpers/neighbours.ts';

let stack: Stack;
let sdl: string;
beforeAll(async () => {
  stack = await startStack({
    env: {
      INTROSPECTION: 'true',
      FEDERATION_TAGS: 'Space=public,Query.spaces=public,Mutation.*=internal',
      FEDERATION_INACCESSIBLE: 'Query.referenceAccountsByGroupId',
      FEDERATION_AUTHORIZATION_DIRECTIVES: 'true',
    },
  });
  sdl = (await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }')).body.data!._service.sdl;
});
afterAll(async () => {
  await stack?.close();
});

it('the running schema defines what its SDL links: @link, @key, @shareable, FieldSet, link__Import, link__Purpose…', async () => {
  const res = await stack.query<{
    __schema: {
      directives: Array<{
        name: string;
        args: Array<{ name: string; type: { ofType: { name: string } | null } }>;
      }>;
    };
    fieldSet: { kind: string } | null;
    linkImport: { kind: string } | null;
    linkPurpose: { enumValues: Array<{ name: string }> } | null;
  }>(`{
    __schema { directives { name args { name type { ofType { name } } } } }
    fieldSet: __type(name: "FieldSet") { kind }
    linkImport: __type(name: "link__Import") { kind }
    linkPurpose: __type(name: "link__Purpose") { enumValues { name } }
  }`);
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data!;
  const names = data.__schema.directives.map((d) => d.name);
  for (const name of [
    'link',
    'key',
    'shareable',
    'tag',
    'inaccessible',
    'cost',
    'listSize',
    'authenticated',
    'requiresScopes',
  ]) {
    expect(names).toContain(name);
  }
  const key = data.__schema.directives.find((d) => d.name === 'key')!;
  expect(key.args.find((a) => a.name === 'fields')?.type.ofType?.name).toBe('FieldSet');
  expect(data.fieldSet).toEqual({ kind: 'SCALAR' });
  expect(data.linkImport).toEqual({ kind: 'SCALAR' });
  expect(data.linkPurpose?.enumValues.map((v) => v.name)).toEqual(['SECURITY', 'EXECUTION']);
});

it('publishes the configured contract tags, inaccessible marks and authorization directives', () => {
  expect(sdl).toContain(
    'import: ["@authenticated", "@cost", "@inaccessible", "@key", "@listSize", "@requiresScopes", "@shareable", "@tag", "FieldSet"]',
  );
  expect(sdl).toContain('type Space @key(fields: "id") @authenticated @tag(name: "public") {');
  expect(sdl).toMatch(
    / {2}spaces: \[Space\] @cost\(weight: 1\) @listSize\(assumedSize: 25\) @authenticated @tag\(name: "public"\)\n/,
  );
  expect(sdl).toMatch(/referenceAccountsByGroupId\([^)]*\): \[ReferenceAccount\][^\n]* @inaccessible\n/);
  expect(sdl).toMatch(
    /spaceDelete\(id: ID!\): Boolean [^\n]*@requiresScopes\(scopes: \[\["spaces:write"\]\]\) @tag\(name: "internal"\)\n/,
  );
});

it.each([
  ['@apollo/composition', apolloCompose],
  ['@theguild/federation-composition', guildCompose],
] as const)(
  '%s composes it with a neighbour and hides the inaccessible field from the API schema',
  (_name, compose) => {
    const result = compose([
      { name: 'spaces', url: 'http://127.0.0.1/spaces', typeDefs: parse(sdl) },
      {
        name: 'account-groups',
        url: 'http://127.0.0.1/groups',
        typeDefs: parse(NEIGHBOURS['account-groups']),
      },
    ]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.supergraphSdl).toContain('@tag(name: "public")');
    expect(result.supergraphSdl).toMatch(/referenceAccountsByGroupId\([^\n]*@inaccessible/);
  },
);

it('a contract coordinate that names nothing stops the server at start-up, naming the variable', async () => {
  await expect(startStack({ env: { FEDERATION_INACCESSIBLE: 'Space.nope' } })).rejects.toThrow(
    'FEDERATION_INACCESSIBLE: "Space.nope" names no published object type or field (use Type, Type.field or Type.*)',
  );
});
