import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** What Apollo Router's subgraph APQ sends: the hash first, the query only when asked for it. */
async function post(body: Record<string, unknown>) {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const query = '{ spaces { id } }';
const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };

it('speaks APQ over HTTP as Apollo Router expects: hash only → PERSISTED_QUERY_NOT_FOUND, then hash + query, then hash only', async () => {
  const before = stack.sim.stats().graphqlRequests;
  const first = await post({ extensions: { persistedQuery } });
  expect(first.body).toEqual({
    errors: [
      {
        message: 'The persisted query is not known here: send the query with its hash.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', category: 'BAD_USER_INPUT', retryable: true },
      },
    ],
  });
  expect(stack.sim.stats().graphqlRequests).toBe(before);
  const registered = await post({ query, extensions: { persistedQuery } });
  expect((registered.body.data as { spaces: unknown[] }).spaces).toHaveLength(23);
  const replay = await post({ extensions: { persistedQuery } });
  expect(replay.body).toEqual(registered.body);
});

it('refuses a query sent with the hash of another query, without calling Boomi', async () => {
  const before = stack.sim.stats().graphqlRequests;
  const result = await post({ query: '{ spaces { id name } }', extensions: { persistedQuery } });
  expect(result.body).toEqual({
    errors: [
      {
        message: 'The persisted query hash does not match the query.',
        extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', category: 'BAD_USER_INPUT', retryable: false },
      },
    ],
  });
  expect(stack.sim.stats().graphqlRequests).toBe(before);
});
