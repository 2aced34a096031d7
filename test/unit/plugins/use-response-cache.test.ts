import { createInMemoryCache } from '@envelop/response-cache';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createResponseCacheStore } from '../../../src/cache/cache-store.ts';
import { useSubgraphResponseCache } from '../../../src/plugins/use-response-cache.ts';

/** A schema whose answers depend on who asks, counting executions of its resolvers. */
function fakeSchema(calls: string[]) {
  return createSchema<{ inboundIdentity?: { subject?: string } }>({
    typeDefs: /* GraphQL */ `
      type Space { id: ID! name: String! }
      type Query { mySpaces: [Space!]! }
      type Mutation { spaceDelete(id: ID!): Boolean spaceCreate(name: String!): Space }
    `,
    resolvers: {
      Query: {
        mySpaces: (_root, _args, context) => {
          const who = context.inboundIdentity?.subject ?? 'anonymous';
          calls.push(who);
          return [
            { id: `${who}-1`, name: `secret of ${who}` },
            { id: 'shared-1', name: 'shared' },
          ];
        },
      },
      Mutation: { spaceDelete: () => true, spaceCreate: (_root, args) => ({ id: 'new', name: args.name }) },
    },
  });
}

/** Stands in for inbound authentication: a verified identity from a test header. */
const useTestIdentity: Plugin = {
  onContextBuilding({ context, extendContext }) {
    const subject = (context as { request: Request }).request.headers.get('x-test-subject');
    if (subject)
      extendContext({ inboundIdentity: { method: 'jwt', subject, claims: {}, scopes: [] } } as never);
  },
};

/** Stands in for account routing: every request acts with `key`'s account. */
const useTestAccount = (key: string): Plugin => ({
  onContextBuilding({ extendContext }) {
    extendContext({ boomiAccount: { name: key, key } } as never);
  },
});

function server(
  accountId: string,
  cache = createResponseCacheStore().cache,
  calls: string[] = [],
  entityCache?: { remainingFor(context: unknown): number | undefined },
) {
  const yoga = createYoga({
    schema: fakeSchema(calls),
    logging: false,
    plugins: [
      useTestIdentity,
      useTestAccount(accountId),
      useSubgraphResponseCache({ cache, ...(entityCache ? { entityCache } : {}) }),
    ],
  });
  const post = async (query: string, subject?: string) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(subject ? { 'x-test-subject': subject } : {}) },
      body: JSON.stringify({ query }),
    });
    return { headers: response.headers, body: (await response.json()) as { data?: Record<string, unknown> } };
  };
  return { post, calls, cache };
}

const QUERY = '{ mySpaces { id name } }';

describe('useSubgraphResponseCache', () => {
  it('never serves one caller the cached answer of another', async () => {
    const s = server('acct');
    const alice = await s.post(QUERY, 'alice');
    const bob = await s.post(QUERY, 'bob');
    const anonymous = await s.post(QUERY);
    expect(JSON.stringify(bob.body)).not.toContain('alice');
    expect(JSON.stringify(anonymous.body)).not.toContain('alice');
    expect((await s.post(QUERY, 'alice')).body).toEqual(alice.body);
    expect(s.calls).toEqual(['alice', 'bob', 'anonymous']);
  });

  it('never serves one account the cached answer of another, even from a shared store', async () => {
    const shared = createInMemoryCache();
    const one = server('acct-1', shared);
    const two = server('acct-2', shared);
    await one.post(QUERY, 'alice');
    await two.post(QUERY, 'alice');
    await one.post(QUERY, 'alice');
    expect(one.calls).toEqual(['alice']);
    expect(two.calls).toEqual(['alice']);
  });

  it('evicts the deleted Space by id (spaceDelete returns only a Boolean), for every caller holding it', async () => {
    const s = server('acct');
    await s.post(QUERY, 'alice');
    await s.post(QUERY, 'bob');
    await s.post('mutation { spaceDelete(id: "alice-1") }', 'bob');
    await s.post(QUERY, 'alice');
    await s.post(QUERY, 'bob');
    expect(s.calls).toEqual(['alice', 'bob', 'alice']);
    await s.post('mutation { spaceDelete(id: "shared-1") }', 'alice');
    await s.post(QUERY, 'alice');
    await s.post(QUERY, 'bob');
    expect(s.calls).toEqual(['alice', 'bob', 'alice', 'alice', 'bob']);
  });

  it('evicts every response holding a Space after spaceCreate (the lists it now belongs to)', async () => {
    const s = server('acct');
    await s.post(QUERY, 'alice');
    await s.post('mutation { spaceCreate(name: "x") { id } }', 'alice');
    await s.post(QUERY, 'alice');
    expect(s.calls).toEqual(['alice', 'alice']);
  });

  it('strips its metadata from the body and sets Cache-Control and Age', async () => {
    const s = server('acct');
    const miss = await s.post(QUERY);
    expect(miss.body).toEqual({
      data: {
        mySpaces: [
          { id: 'anonymous-1', name: 'secret of anonymous' },
          { id: 'shared-1', name: 'shared' },
        ],
      },
    });
    expect(miss.headers.get('cache-control')).toBe('private, max-age=10');
    const hit = await s.post(QUERY);
    expect(hit.body).toEqual(miss.body);
    expect(hit.headers.get('age')).toMatch(/^[01]$/);
  });

  it('keeps a response built from per-entity entries no longer than the oldest of them has left', async () => {
    const s = server('acct', undefined, [], { remainingFor: () => 4_500 });
    const miss = await s.post(QUERY);
    expect(miss.headers.get('cache-control')).toBe('private, max-age=4');
    const unused = server('acct', undefined, [], { remainingFor: () => undefined });
    expect((await unused.post(QUERY)).headers.get('cache-control')).toBe('private, max-age=10');
  });
});
