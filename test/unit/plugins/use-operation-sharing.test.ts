import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { sharedExecutionOf } from '../../../src/plugins/shared-executions.ts';
import {
  joinKey,
  MAX_SHARED_VARIANTS,
  useOperationSharing,
} from '../../../src/plugins/use-operation-sharing.ts';

/** A schema whose resolvers wait for the test to release them, counting executions per caller. */
function harness() {
  const calls: string[] = [];
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  let shared = 0;
  const schema = createSchema<{ inboundIdentity?: { subject?: string } }>({
    typeDefs: /* GraphQL */ `
      type Item { id: ID! name: String }
      type Query { items(n: Int): [Item!]! }
      type Mutation { touch: Int }
    `,
    resolvers: {
      Query: {
        items: async (_root, args: { n?: number }, context) => {
          calls.push(context.inboundIdentity?.subject ?? 'anonymous');
          await gate;
          return [{ id: String(args.n ?? 1), name: null }];
        },
      },
      Item: {
        // Partial data: the field fails, the item stays.
        name: () => new GraphQLError('name is secret', { extensions: { code: 'FORBIDDEN' as never } }),
      },
      Mutation: { touch: () => calls.push('mutation') },
    },
  });
  const identity: Plugin = {
    onContextBuilding({ context, extendContext }) {
      const subject = (context as { request: Request }).request.headers.get('x-test-subject');
      if (subject) extendContext({ inboundIdentity: { method: 'jwt', subject, scopes: [] } } as never);
    },
  };
  // Each operation's context, in the order executions start (before sharing replaces any).
  const contexts: object[] = [];
  const recordContext: Plugin = {
    onExecute({ args }) {
      contexts.push(args.contextValue as object);
    },
  };
  const yoga = createYoga({
    schema,
    logging: false,
    maskedErrors: false,
    plugins: [identity, recordContext, useOperationSharing({ onShared: () => shared++ })],
  });
  const post = (query: string, init: { subject?: string; signal?: AbortSignal; variables?: object } = {}) =>
    Promise.resolve(
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(init.subject ? { 'x-test-subject': init.subject } : {}),
        },
        body: JSON.stringify({ query, variables: init.variables }),
        ...(init.signal ? { signal: init.signal } : {}),
      }),
    ).then(
      (r: Response) =>
        r.json() as Promise<{ data?: unknown; errors?: Array<{ message: string; path?: unknown[] }> }>,
    );
  /** Waits (bounded by count) until `executions` resolver runs and `joins` joined. */
  const settled = async (executions: number, joins: number) => {
    for (let i = 0; i < 1000 && (calls.length < executions || shared < joins); i++) {
      await new Promise((r) => setImmediate(r));
    }
    expect({ executions: calls.length, joins: shared }).toEqual({ executions, joins });
  };
  return {
    post,
    calls,
    contexts,
    settled,
    release: () => release(),
    reset: () => {
      gate = new Promise<void>((r) => (release = r));
    },
  };
}

const QUERY = '{ items { id name } }';

describe('useOperationSharing', () => {
  it('property: N identical concurrent queries execute once; every caller gets the same data and errors with paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), async (n) => {
        const h = harness();
        const pending = Array.from({ length: n }, () => h.post(QUERY));
        await h.settled(1, n - 1);
        h.release();
        const bodies = await Promise.all(pending);
        for (const body of bodies) {
          expect(body).toEqual({
            data: { items: [{ id: '1', name: null }] },
            errors: [expect.objectContaining({ message: 'name is secret', path: ['items', 0, 'name'] })],
          });
        }
      }),
      { numRuns: 15, seed: 11 },
    );
  });

  it('hands data-only results to joiners through Yoga unchanged (one frozen copy, one text)', async () => {
    const h = harness();
    const pending = Array.from({ length: 5 }, () => h.post('{ items { id } }'));
    await h.settled(1, 4);
    h.release();
    for (const body of await Promise.all(pending)) expect(body).toEqual({ data: { items: [{ id: '1' }] } });
  });

  it('never shares across callers, variables or mutations', async () => {
    const h = harness();
    const pending = [
      h.post(QUERY, { subject: 'alice' }),
      h.post(QUERY, { subject: 'bob' }),
      h.post('query ($n: Int) { items(n: $n) { id } }', { variables: { n: 2 } }),
      h.post('query ($n: Int) { items(n: $n) { id } }', { variables: { n: 3 } }),
    ];
    await h.settled(4, 0);
    h.release();
    await Promise.all(pending);
    await Promise.all([h.post('mutation { touch }'), h.post('mutation { touch }')]);
    expect(h.calls.filter((c) => c === 'mutation')).toHaveLength(2);
    expect(h.calls.slice(0, 2).sort()).toEqual(['alice', 'bob']);
  });

  it('lets the others execute on their own when the first caller goes away', async () => {
    const h = harness();
    const leaving = new AbortController();
    const first = h.post(QUERY, { signal: leaving.signal }).catch((e: unknown) => e);
    const second = h.post(QUERY);
    await h.settled(1, 1);
    leaving.abort();
    h.release();
    expect((await second).data).toEqual({ items: [{ id: '1', name: null }] });
    expect(h.calls).toHaveLength(2);
    await first;
  });

  it('links each operation that joined to the execution whose result it got (shared-executions.ts)', async () => {
    const h = harness();
    const pending = [h.post(QUERY), h.post(QUERY), h.post(QUERY, { subject: 'alice' })];
    await h.settled(2, 1);
    h.release();
    await Promise.all(pending);
    const [leader, joined, alone] = h.contexts as [object, object, object];
    expect(sharedExecutionOf(joined)).toBe(leader);
    expect(sharedExecutionOf(leader)).toBeUndefined();
    expect(sharedExecutionOf(alone)).toBeUndefined();
  });

  it('is not a cache: a query after the first one finished executes again', async () => {
    const h = harness();
    h.release();
    await h.post(QUERY);
    await h.post(QUERY);
    expect(h.calls).toHaveLength(2);
  });

  it('shares among at most MAX_SHARED_VARIANTS variable sets of one document in flight', async () => {
    const h = harness();
    const byN = 'query ($n: Int) { items(n: $n) { id } }';
    const variants = Array.from({ length: MAX_SHARED_VARIANTS + 1 }, (_, n) =>
      h.post(byN, { variables: { n } }),
    );
    await h.settled(MAX_SHARED_VARIANTS + 1, 0);
    // n = 0 is in flight and joins; the last variant ran past the bound, unregistered: it executes again.
    const again = [
      h.post(byN, { variables: { n: 0 } }),
      h.post(byN, { variables: { n: MAX_SHARED_VARIANTS } }),
    ];
    await h.settled(MAX_SHARED_VARIANTS + 2, 1);
    h.release();
    const bodies = await Promise.all([...variants, ...again]);
    expect(bodies.map((b) => (b.data as { items: Array<{ id: string }> }).items[0]?.id)).toEqual([
      ...Array.from({ length: MAX_SHARED_VARIANTS + 1 }, (_, n) => String(n)),
      '0',
      String(MAX_SHARED_VARIANTS),
    ]);
  });

  it('builds the sharing key injectively from scope, operation name and document text', () => {
    // Strings over the separators the key uses, so that a prefix/suffix confusion would be found.
    const text = fc.string({ unit: fc.constantFrom('a', '1', ':', '=', '"', '{', '}'), maxLength: 6 });
    const parts = fc.tuple(text, fc.option(text, { nil: undefined }), text);
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const same = a.every((part, i) => part === b[i]);
        expect(joinKey(...a) === joinKey(...b)).toBe(same);
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(joinKey('s', null, 'q')).not.toBe(joinKey('s', '', 'q'));
  });
});
