import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

type Group = { id: string; name: string; integrationPackCount: number | null };

let stack: Stack;
let groups: Group[];
beforeAll(async () => {
  stack = await startStack();
  const res = await stack.query<{ spaces: Array<{ accountGroup: Group }> }>(
    '{ spaces { accountGroup { id name integrationPackCount } } }',
  );
  const byId = new Map(res.body.data!.spaces.map((s) => [s.accountGroup.id, s.accountGroup]));
  groups = [...byId.values()];
});
afterAll(async () => {
  await stack?.close();
});

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      __typename
      ... on AccountGroup { id label: name integrationPackCount }
      ... on Space { name }
    }
  }
`;

it('resolves AccountGroup representations in one upstream request (a Space fragment beside them is ignored); an unknown group is ACCOUNT_GROUP_NOT_FOUND at its index', async () => {
  expect(groups.length).toBeGreaterThan(2);
  const [a, b] = groups as [Group, Group];
  const before = stack.sim.stats().graphqlRequests;
  const res = await stack.query<{ _entities: unknown[] }>(ENTITIES, {
    r: [
      { __typename: 'AccountGroup', id: a.id },
      { __typename: 'AccountGroup', id: 'no-such-group' },
      { __typename: 'AccountGroup', id: b.id },
      { __typename: 'AccountGroup', id: a.id },
    ],
  });
  expect(stack.sim.stats().graphqlRequests - before).toBe(1);
  const entity = (g: Group) => ({
    __typename: 'AccountGroup',
    id: g.id,
    label: g.name,
    integrationPackCount: g.integrationPackCount,
  });
  expect(res.body.data!._entities).toEqual([entity(a), null, entity(b), entity(a)]);
  expect(res.body.errors).toEqual([
    {
      message: 'No Space our account can list is shared with account group no-such-group.',
      path: ['_entities', 1],
      extensions: { code: 'ACCOUNT_GROUP_NOT_FOUND', category: 'NOT_FOUND', retryable: false },
    },
  ]);
});
