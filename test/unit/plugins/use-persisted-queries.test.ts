import { createHash } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import { expect, it } from 'vitest';
import { usePersistedQueries } from '../../../src/plugins/use-persisted-queries.ts';

const sha = (query: string) => createHash('sha256').update(query).digest('hex');

function server(maxEntries?: number) {
  let executions = 0;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { a: Int b: Int }',
      resolvers: { Query: { a: () => ++executions, b: () => ++executions } },
    }),
    logging: false,
    plugins: [usePersistedQueries(maxEntries === undefined ? {} : { maxEntries })],
  });
  const post = async (body: Record<string, unknown>) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: unknown }>;
    };
  };
  return { post, executions: () => executions };
}

const pq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

it('answers a hash it has not stored with PERSISTED_QUERY_NOT_FOUND, then runs it once registered', async () => {
  const { post, executions } = server();
  const query = '{ a }';
  expect(await post({ extensions: pq(sha(query)) })).toEqual({
    errors: [
      {
        message: 'The persisted query is not known here: send the query with its hash.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', category: 'BAD_USER_INPUT', retryable: true },
      },
    ],
  });
  expect(executions()).toBe(0);
  expect(await post({ query, extensions: pq(sha(query)) })).toEqual({ data: { a: 1 } });
  expect(await post({ extensions: pq(sha(query).toUpperCase()) })).toEqual({ data: { a: 2 } });
});

it('refuses a query whose hash does not match, without running or storing it', async () => {
  const { post, executions } = server();
  const wrong = sha('{ b }');
  expect(await post({ query: '{ a }', extensions: pq(wrong) })).toEqual({
    errors: [
      {
        message: 'The persisted query hash does not match the query.',
        extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', category: 'BAD_USER_INPUT', retryable: false },
      },
    ],
  });
  expect(executions()).toBe(0);
  expect((await post({ extensions: pq(wrong) })).errors?.[0]?.extensions).toMatchObject({
    code: 'PERSISTED_QUERY_NOT_FOUND',
  });
});

it.each([
  [{ version: 2, sha256Hash: sha('{ a }') }],
  [{ version: 1, sha256Hash: 'abc' }],
  [{ version: 1 }],
  ['not an object'],
])('refuses a malformed persistedQuery extension %j with BAD_REQUEST', async (persistedQuery) => {
  const { post } = server();
  const result = await post({ query: '{ a }', extensions: { persistedQuery } });
  expect(result.errors?.[0]).toEqual({
    message: 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 hex digits>" }.',
    extensions: { code: 'BAD_REQUEST', category: 'BAD_USER_INPUT', retryable: false },
  });
});

it('keeps at most maxEntries queries, evicting the least recently used', async () => {
  const { post } = server(2);
  const [a, b, c] = ['{ a }', '{ b }', '{ a b }'];
  for (const q of [a, b]) await post({ query: q, extensions: pq(sha(q)) });
  await post({ extensions: pq(sha(a)) }); // a is now the most recently used
  await post({ query: c, extensions: pq(sha(c)) }); // evicts b
  expect((await post({ extensions: pq(sha(a)) })).data).toBeDefined();
  expect((await post({ extensions: pq(sha(c)) })).data).toBeDefined();
  expect((await post({ extensions: pq(sha(b)) })).errors?.[0]?.extensions).toMatchObject({
    code: 'PERSISTED_QUERY_NOT_FOUND',
  });
});

it('leaves requests without the extension alone', async () => {
  const { post } = server();
  expect(await post({ query: '{ a }' })).toEqual({ data: { a: 1 } });
});
