import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

type Env = {
  id: string;
  name: string;
  atoms: Array<{ id: string }>;
  integrationPackEnvironmentAttachment: Array<{ id: string }>;
};

let stack: Stack;
let spaceCount: number;
/** Every environment as seen through every Space: attachments unioned by id. */
const expected = new Map<string, Env>();
beforeAll(async () => {
  stack = await startStack();
  const res = await stack.query<{ spaces: Array<{ environments: Env[] }> }>(
    '{ spaces { environments { id name atoms { id } integrationPackEnvironmentAttachment { id } } } }',
  );
  spaceCount = res.body.data!.spaces.length;
  for (const space of res.body.data!.spaces) {
    for (const env of space.environments) {
      const known = expected.get(env.id);
      if (!known) {
        expected.set(env.id, {
          ...env,
          integrationPackEnvironmentAttachment: [...env.integrationPackEnvironmentAttachment],
        });
        continue;
      }
      for (const a of env.integrationPackEnvironmentAttachment) {
        if (!known.integrationPackEnvironmentAttachment.some((k) => k.id === a.id)) {
          known.integrationPackEnvironmentAttachment.push(a);
        }
      }
    }
  }
});
afterAll(async () => {
  await stack?.close();
});

it('resolves Environment representations through every listed Space: 1 + one request per Space; an unknown id is ENVIRONMENT_NOT_FOUND', async () => {
  const ids = [...expected.keys()];
  expect(ids.length).toBeGreaterThan(1);
  const before = stack.sim.stats().graphqlRequests;
  const res = await stack.query<{ _entities: Array<Record<string, unknown> | null> }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) {
       ... on Environment { id label: name atoms { id } integrationPackEnvironmentAttachment { id } }
     } }`,
    { r: [...ids, 'no-such-environment'].map((id) => ({ __typename: 'Environment', id })) },
  );
  expect(stack.sim.stats().graphqlRequests - before).toBe(1 + spaceCount);
  const sortAttachments = (e: Record<string, unknown> | null) =>
    e && {
      ...e,
      integrationPackEnvironmentAttachment: [
        ...(e.integrationPackEnvironmentAttachment as Array<{ id: string }>),
      ].sort((a, b) => a.id.localeCompare(b.id)),
    };
  expect(res.body.data!._entities.map(sortAttachments)).toEqual([
    ...ids.map((id) => {
      const { name, ...rest } = expected.get(id)!;
      return sortAttachments({ ...rest, label: name });
    }),
    null,
  ]);
  expect(res.body.errors).toEqual([
    {
      message: 'No Space our account can list has the environment no-such-environment.',
      path: ['_entities', ids.length],
      extensions: { code: 'ENVIRONMENT_NOT_FOUND', category: 'NOT_FOUND', retryable: false },
    },
  ]);
});
