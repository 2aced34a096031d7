/**
 * Issue #8 failure mode 11: when the upstream puts the field name instead of our alias in an error's
 * path (simulator option `errorPaths: 'field-name'`), `@graphql-tools/batch-execute` threw "Path space
 * does not contain correctly prefixed key" for every request of the batch. Now each error reaches its
 * caller (or every caller of that field when it cannot be told), and the entities with data keep it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

let stack: Stack;
const [first, second] = SEED.demoLiveSpaceIds as [string, string];

beforeAll(async () => {
  stack = await startStack({ sim: { errorPaths: 'field-name' } });
});

afterAll(async () => {
  await stack?.close();
});

const notFound = (path: Array<string | number>) => ({
  message: 'The Space was not found.',
  path,
  extensions: { code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false },
});

describe('batched root fields when the upstream error paths name the field, not the alias', () => {
  it('two aliased root fields in one batch: the error goes to its caller, the other keeps its data', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(
      `{ a: space(id: "${first}") { id } b: space(id: "no-such-space") { id } c: space(id: "${second}") { id } }`,
    );
    expect(stack.sim.stats().graphqlRequests).toBe(before + 1); // one batch
    expect(res.body.data).toEqual({ a: { id: first }, b: null, c: { id: second } });
    expect(res.body.errors).toEqual([notFound(['b'])]);
  });

  it('_entities: the missing Space errs at its index, the others keep their data', async () => {
    const res = await stack.query(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name } } }',
      {
        r: [
          { __typename: 'Space', id: first },
          { __typename: 'Space', id: 'no-such-space' },
          { __typename: 'Space', id: second },
        ],
      },
    );
    const entities = (res.body.data as { _entities: Array<{ id: string } | null> })._entities;
    expect(entities.map((e) => e?.id ?? null)).toEqual([first, null, second]);
    expect(res.body.errors).toEqual([notFound(['_entities', 1])]);
  });
});
