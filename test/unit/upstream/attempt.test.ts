import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceeded } from '../../../src/upstream/abort-reasons.ts';
import { createAttempt } from '../../../src/upstream/attempt.ts';
import type { AttemptEvent } from '../../../src/upstream/hooks.ts';
import { call, codedError, fakeFetch, hangingFetch, recordingLogger, request, response } from './fakes.ts';

function attemptWith(
  fetch: ReturnType<typeof fakeFetch>['fetch'],
  overrides: { maxResponseBytes?: number } = {},
) {
  const events: AttemptEvent[] = [];
  const { logger, lines } = recordingLogger();
  const attempt = createAttempt({
    graphqlUrl: 'http://127.0.0.1:1/graphql',
    fetch,
    logger,
    attemptTimeoutMs: 1_000,
    maxResponseBytes: overrides.maxResponseBytes ?? 1024,
    observer: { attempt: (e) => events.push(e) },
  });
  return { attempt, events, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createAttempt: one HTTP exchange → one outcome', () => {
  it('sends the JWT, SPACE_GUID and JSON body, and returns the result', async () => {
    const t = fakeFetch(response(200, '{"data":{"spaces":[]}}'));
    const { attempt, events } = attemptWith(t.fetch);
    const outcome = await attempt(
      call({ request: request('{ spaces { id } }', { spaceGuid: 'g-1' }), attempt: 2 }),
    );
    expect(outcome).toEqual({ kind: 'result', status: 200, result: { data: { spaces: [] } } });
    expect(t.calls[0]?.headers).toMatchObject({
      authorization: 'Bearer a.b.c',
      SPACE_GUID: 'g-1',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(t.calls[0]?.body))).toEqual({
      query: '{\n  spaces {\n    id\n  }\n}',
      variables: {},
    });
    expect(events).toEqual([
      expect.objectContaining({
        operation: 'spaces',
        attempt: 2,
        outcome: 'ok',
        status: 200,
        detail: 'result',
      }),
    ]);
  });

  it.each([
    [401, '', {}, { kind: 'unauthorized', status: 401 }],
    [429, '', { 'retry-after': '7' }, { kind: 'http', status: 429, retryAfter: '7' }],
    [503, '{"errors":[{"message":"x"}]}', {}, { kind: 'http', status: 503, retryAfter: null }],
    [500, '<html>', {}, { kind: 'http', status: 500 }],
    [500, '{"data":null}', {}, { kind: 'http', status: 500 }],
    [200, 'not json', {}, { kind: 'bad-response', status: 200, reason: 'unparsable' }],
    [200, '', {}, { kind: 'bad-response', status: 200, reason: 'unparsable' }],
  ])('HTTP %i %j → %j', async (status, body, headers, expected) => {
    const { attempt } = attemptWith(fakeFetch(response(status, body, headers)).fetch);
    expect(await attempt(call())).toEqual(expected);
  });

  it('a refused connection was not sent; a reset was', async () => {
    const refused = attemptWith(fakeFetch(codedError('ECONNREFUSED')).fetch);
    expect(await refused.attempt(call())).toEqual({ kind: 'network', sent: false });
    const reset = attemptWith(fakeFetch(codedError('ECONNRESET')).fetch);
    expect(await reset.attempt(call())).toEqual({ kind: 'network', sent: true });
  });

  it.each(['a\r\nb', 'x\u0000y', '日本'])(
    'a header value the HTTP client cannot send (%j) is a local error, and nothing is sent',
    async (guid) => {
      const t = fakeFetch(response(200, '{"data":{}}'));
      const { attempt, events } = attemptWith(t.fetch);
      const outcome = await attempt(call({ request: request('{ spaces { id } }', { spaceGuid: guid }) }));
      expect(outcome).toEqual({ kind: 'local', detail: 'invalid SPACE_GUID header value' });
      expect(t.calls).toHaveLength(0);
      expect(events[0]?.outcome).toBe('local_error');
    },
  );

  it('an HTTP client that throws while building the request (undici InvalidArgumentError) is a local error', async () => {
    const { attempt } = attemptWith(fakeFetch(codedError('UND_ERR_INVALID_ARG')).fetch);
    expect(await attempt(call())).toEqual({ kind: 'local', detail: 'UND_ERR_INVALID_ARG' });
  });

  it('the attempt timeout gives `timeout`; the deadline `deadline`; a client abort `aborted`', async () => {
    vi.useFakeTimers();
    const { attempt } = attemptWith(fakeFetch(hangingFetch).fetch);
    const timedOut = attempt(call());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await timedOut).toEqual({ kind: 'timeout' });

    const deadline = new AbortController();
    const pending = attempt(call({ signal: deadline.signal }));
    deadline.abort(new DeadlineExceeded());
    expect(await pending).toEqual({ kind: 'deadline' });

    const client = new AbortController();
    const reason = new Error('client went away');
    const aborted = attempt(call({ signal: client.signal }));
    client.abort(reason);
    expect(await aborted).toEqual({ kind: 'aborted', reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops reading a chunked body at maxResponseBytes: bad-response too-large, the stream is cancelled', async () => {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(256).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { attempt, lines } = attemptWith(fakeFetch(response(200, stream)).fetch, {
      maxResponseBytes: 1024,
    });
    expect(await attempt(call())).toEqual({ kind: 'bad-response', status: 200, reason: 'too-large' });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(6);
    expect(lines.map((l) => l.msg)).toContain('upstream response exceeds the size limit; discarded');
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    const body = 'x'.repeat(2048);
    const { attempt } = attemptWith(fakeFetch(response(200, body, { 'content-length': '2048' })).fetch);
    expect(await attempt(call())).toEqual({ kind: 'bad-response', status: 200, reason: 'too-large' });
  });

  it('a body cut short is a network failure after sending', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        controller.error(codedError('ECONNRESET'));
      },
    });
    const { attempt } = attemptWith(fakeFetch(response(200, stream)).fetch);
    expect(await attempt(call())).toEqual({ kind: 'network', sent: true });
  });
});
