import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import fc from 'fast-check';
import { GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { copyResult, createDedupLayer, dedupKey } from '../../../src/upstream/dedup-layer.ts';

const LIST = parse('query { spaces { id name } }');
const MUTATION = parse('mutation { spaceDelete(id: "a") }');

/** A fake upstream: records every call and answers only when the test says so. */
function fakeUpstream() {
  const calls: Array<{
    request: ExecutionRequest;
    resolve(r: ExecutionResult): void;
    reject(e: unknown): void;
  }> = [];
  const executor: Executor = (request) =>
    new Promise<ExecutionResult>((resolve, reject) => {
      calls.push({ request, resolve, reject });
    });
  return { executor, calls };
}

const flush = () => new Promise((r) => setImmediate(r));

function request(overrides: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return { document: LIST, operationType: 'query', ...overrides } as ExecutionRequest;
}

const RESULT: ExecutionResult = {
  data: { spaces: [{ id: '1', name: 'a' }, null] },
  errors: [
    new GraphQLError('Space 2 is gone', { path: ['spaces', 1], extensions: { code: 'SPACE_NOT_FOUND' } }),
  ],
};

describe('createDedupLayer', () => {
  it('sends N identical concurrent queries upstream once and gives each caller an equal, separate result', async () => {
    const upstream = fakeUpstream();
    const shared: string[] = [];
    const layer = createDedupLayer(upstream.executor, {
      credentialOf: () => 'acct',
      onShared: (op) => shared.push(op),
    });
    const pending = Array.from({ length: 5 }, () => layer(request()) as Promise<ExecutionResult>);
    await flush();
    expect(upstream.calls).toHaveLength(1);
    expect(shared).toEqual(['spaces', 'spaces', 'spaces', 'spaces']);
    upstream.calls[0]!.resolve(RESULT);
    const results = await Promise.all(pending);
    for (const result of results) {
      expect(result.data).toEqual(RESULT.data);
      expect(result.errors!.map((e) => [e.message, e.path, e.extensions])).toEqual([
        ['Space 2 is gone', ['spaces', 1], { code: 'SPACE_NOT_FOUND' }],
      ]);
    }
    // Partial data and errors are copies: one caller's delegation cannot touch another's.
    expect(new Set(results.map((r) => r.data)).size).toBe(5);
    expect(new Set(results.map((r) => r.errors![0])).size).toBe(5);
  });

  it('is not a cache: a query after the shared call settled goes upstream again', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const first = layer(request()) as Promise<ExecutionResult>;
    await flush();
    upstream.calls[0]!.resolve(RESULT);
    await first;
    const second = layer(request()) as Promise<ExecutionResult>;
    await flush();
    expect(upstream.calls).toHaveLength(2);
    upstream.calls[1]!.resolve({ data: { spaces: [] } });
    expect(await second).toEqual({ data: { spaces: [] } });
  });

  it('never shares mutations', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    layer(request({ document: MUTATION, operationType: 'mutation' as never }));
    layer(request({ document: MUTATION, operationType: 'mutation' as never }));
    // Without operationType the layer reads it from the document.
    layer({ document: MUTATION } as ExecutionRequest);
    await flush();
    expect(upstream.calls).toHaveLength(3);
  });

  it('keeps calls apart that differ in variables, SPACE_GUID, operation name or credential', async () => {
    const upstream = fakeUpstream();
    let credential = 'acct-1';
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => credential });
    layer(request({ variables: { a: 1 } }));
    layer(request({ variables: { a: 2 } }));
    layer(request({ variables: { a: 1 }, extensions: { spaceGuid: 'g1' } }));
    layer(request({ variables: { a: 1 }, extensions: { spaceGuid: 'g2' } }));
    layer(request({ variables: { a: 1 }, operationName: 'Named' }));
    credential = 'acct-2';
    layer(request({ variables: { a: 1 } }));
    await flush();
    expect(upstream.calls).toHaveLength(6);
  });

  it('treats variables that differ only in key order as identical', () => {
    expect(dedupKey(request({ variables: { a: 1, b: { c: 2, d: 3 } } }), 'x')).toBe(
      dedupKey(request({ variables: { b: { d: 3, c: 2 }, a: 1 } }), 'x'),
    );
  });

  it('never shares a call whose variables hold a file', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const file = new Blob(['x']);
    layer(request({ variables: { file } }));
    layer(request({ variables: { file } }));
    await flush();
    expect(upstream.calls).toHaveLength(2);
    expect(dedupKey(request({ variables: { when: new Date(0) } }), 'x')).toBeUndefined();
  });

  it('passes everything through when disabled', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct', enabled: false });
    expect(layer).toBe(upstream.executor);
  });

  it('rejects every waiter with the upstream error', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const pending = [layer(request()), layer(request())].map((p) =>
      Promise.resolve(p).catch((e: unknown) => e),
    );
    await flush();
    const failure = new GraphQLError('The Boomi API could not be reached.', {
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    upstream.calls[0]!.reject(failure);
    expect(await Promise.all(pending)).toEqual([failure, failure]);
  });

  it('rejects only the caller that aborted; the shared call goes on for the others', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const leaving = new AbortController();
    const first = Promise.resolve(layer(request({ signal: leaving.signal }))).catch((e: unknown) => e);
    const second = layer(request({ signal: new AbortController().signal })) as Promise<ExecutionResult>;
    await flush();
    const reason = new Error('client went away');
    leaving.abort(reason);
    expect(await first).toBe(reason);
    expect(upstream.calls[0]!.request.signal!.aborted).toBe(false);
    upstream.calls[0]!.resolve(RESULT);
    expect((await second).data).toEqual(RESULT.data);
  });

  it('aborts the shared call once every caller has left, reading the signal from the Yoga context too', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const a = new AbortController();
    const b = new AbortController();
    const results = [
      layer(request({ signal: a.signal })),
      layer(request({ context: { request: { signal: b.signal } } })),
    ].map((p) => Promise.resolve(p).catch((e: unknown) => e));
    await flush();
    a.abort(new Error('a left'));
    await flush();
    expect(upstream.calls[0]!.request.signal!.aborted).toBe(false);
    b.abort(new Error('b left'));
    expect(upstream.calls[0]!.request.signal!.aborted).toBe(true);
    expect(((await results[1]) as Error).message).toBe('b left');
    // A new identical query starts a new call: the aborted one is not joined.
    layer(request());
    await flush();
    expect(upstream.calls).toHaveLength(2);
  });

  it('rejects a caller whose signal is already aborted without calling upstream', async () => {
    const upstream = fakeUpstream();
    const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
    const reason = new Error('gone');
    await expect(layer(request({ signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    await flush();
    expect(upstream.calls).toHaveLength(0);
  });

  it('property: N concurrent identical queries, any of them aborting → one upstream call; the rest get equal results', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), async (aborts) => {
        const upstream = fakeUpstream();
        const layer = createDedupLayer(upstream.executor, { credentialOf: () => 'acct' });
        const controllers = aborts.map(() => new AbortController());
        const settled = controllers.map((c) =>
          Promise.resolve(layer(request({ signal: c.signal }))).then(
            (r) => ({ ok: true as const, r: r as ExecutionResult }),
            (e: unknown) => ({ ok: false as const, e }),
          ),
        );
        await flush();
        aborts.forEach((abort, i) => {
          if (abort) controllers[i]!.abort(new Error(`left ${i}`));
        });
        const allLeft = aborts.every(Boolean);
        expect(upstream.calls).toHaveLength(1);
        expect(upstream.calls[0]!.request.signal!.aborted).toBe(allLeft);
        upstream.calls[0]!.resolve(RESULT);
        const outcomes = await Promise.all(settled);
        outcomes.forEach((outcome, i) => {
          expect(outcome.ok).toBe(!aborts[i]);
          if (outcome.ok) expect(outcome.r.data).toEqual(RESULT.data);
          else expect((outcome.e as Error).message).toBe(`left ${i}`);
        });
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('copyResult', () => {
  it('copies nested data and plain-object errors', () => {
    const result = { data: { a: [{ b: 1 }] }, errors: [{ message: 'm', path: ['a'] } as never] };
    const copy = copyResult(result);
    expect(copy).toEqual(result);
    expect(copy.data!.a).not.toBe(result.data.a);
    expect(copy.errors![0]).not.toBe(result.errors[0]);
  });
});
