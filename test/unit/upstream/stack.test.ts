import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../../src/upstream/circuit-breaker.ts';
import { silentLogger } from '../../../src/upstream/logger-types.ts';
import { createRateGovernor } from '../../../src/upstream/rate-governor.ts';
import { createUpstreamStack } from '../../../src/upstream/stack.ts';
import type { TokenResult } from '../../../src/upstream/token-provider.ts';
import type { UpstreamFetch } from '../../../src/upstream/transport.ts';
import { codedError, fakeFetch, request, response } from './fakes.ts';

const tokens = { obtain: async (): Promise<TokenResult> => ({ ok: true, token: 'a.b.c' }), invalidate() {} };

describe('createUpstreamStack', () => {
  it('returns results and throws catalog errors', async () => {
    const t = fakeFetch(response(200, '{"data":{"spaces":[]}}'), response(200, 'nope'));
    const stack = createUpstreamStack({
      graphqlUrl: 'http://127.0.0.1:1/graphql',
      tokenProvider: tokens,
      logger: silentLogger,
      fetch: t.fetch,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(await stack.executor(request())).toEqual({ data: { spaces: [] } });
    await expect(stack.executor(request())).rejects.toMatchObject({
      message: 'The Boomi API answered with a response that is not valid GraphQL JSON.',
      extensions: { code: 'UPSTREAM_BAD_RESPONSE', category: 'UPSTREAM', retryable: true },
    });
  });

  it('a value that cannot be a header is BAD_USER_INPUT: no HTTP call, no retry, the breaker stays closed', async () => {
    const t = fakeFetch(response(200, '{"data":{}}'));
    const breaker = createCircuitBreaker({ name: 'graphql', consecutiveFailures: 1 });
    const stack = createUpstreamStack({
      graphqlUrl: 'http://127.0.0.1:1/graphql',
      tokenProvider: tokens,
      logger: silentLogger,
      fetch: t.fetch,
      breaker,
    });
    for (let i = 0; i < 5; i++) {
      await expect(
        stack.executor(request('{ spaces { id } }', { spaceGuid: 'a\r\nb' })),
      ).rejects.toMatchObject({
        message: 'The request holds a value that cannot be sent to the Boomi API in an HTTP header.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    expect(t.calls).toHaveLength(0);
    expect(breaker.state()).toBe('closed');
  });

  it('applies `wrap` executors outside the stack, innermost first', async () => {
    const order: string[] = [];
    const stack = createUpstreamStack({
      graphqlUrl: 'http://127.0.0.1:1/graphql',
      tokenProvider: tokens,
      logger: silentLogger,
      fetch: fakeFetch(response(200, '{"data":{}}')).fetch,
      wrap: [
        (inner) => async (r) => {
          order.push('inner');
          return inner(r);
        },
        (inner) => async (r) => {
          order.push('outer');
          return inner(r);
        },
      ],
    });
    await stack.executor(request());
    expect(order).toEqual(['outer', 'inner']);
  });
});

/** What the fake transport or token provider does on one step. */
type Step =
  | 'ok'
  | '401'
  | '429'
  | '503'
  | '500html'
  | 'bad'
  | 'reset'
  | 'refused'
  | 'throw'
  | 'hang'
  | 'huge'
  | 'badHeader';
type TokenStep = 'ok' | 'fail' | 'hang' | 'abortLate';

const STEPS: Step[] = [
  'ok',
  '401',
  '429',
  '503',
  '500html',
  'bad',
  'reset',
  'refused',
  'throw',
  'hang',
  'huge',
  'badHeader',
];

function answer(step: Step, init: Parameters<UpstreamFetch>[1]) {
  switch (step) {
    case 'ok':
      return Promise.resolve(response(200, '{"data":{"spaces":[]}}'));
    case '401':
      return Promise.resolve(response(401, ''));
    case '429':
      return Promise.resolve(response(429, '', { 'retry-after': '0' }));
    case '503':
      return Promise.resolve(response(503, ''));
    case '500html':
      return Promise.resolve(response(500, '<html>'));
    case 'bad':
      return Promise.resolve(response(200, 'nope'));
    case 'huge':
      return Promise.resolve(response(200, 'x'.repeat(4096)));
    case 'reset':
      return Promise.reject(codedError('ECONNRESET'));
    case 'refused':
      return Promise.reject(codedError('ECONNREFUSED'));
    case 'badHeader':
      return Promise.reject(codedError('UND_ERR_INVALID_ARG'));
    case 'throw':
      throw new TypeError('transport bug');
    case 'hang':
      return new Promise<never>((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true });
      });
  }
}

const callArbitrary = fc.record({
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  mutation: fc.boolean(),
  oddGuid: fc.boolean(),
});

describe('invariant: when nothing is in flight, no governor slot is held (#8, mode 9)', () => {
  it('holds for random sequences of outcomes, throws, aborts, timeouts and mint failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(callArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(...STEPS), { maxLength: 30 }),
        fc.array(fc.constantFrom<TokenStep>('ok', 'fail', 'hang', 'abortLate'), { maxLength: 10 }),
        fc.integer({ min: 1, max: 3 }),
        async (calls, steps, tokenSteps, maxConcurrent) => {
          const governor = createRateGovernor({ maxConcurrent, maxWaitMs: 200, maxPauseMs: 20 });
          const breaker = createCircuitBreaker({ name: 'graphql', consecutiveFailures: 3, openMs: 10 });
          const tokenProvider = {
            async obtain(signal?: AbortSignal): Promise<TokenResult> {
              const step = tokenSteps.shift() ?? 'ok';
              if (step === 'fail') return { ok: false, retryable: true };
              if (step === 'hang') {
                // Like the real provider: a mint in progress is abandoned when the call's signal aborts.
                await new Promise<never>((_resolve, reject) => {
                  signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
                });
              }
              if (step === 'abortLate') {
                await new Promise<void>((resolve) => setTimeout(resolve, 15));
                if (signal?.aborted) throw signal.reason;
              }
              return { ok: true, token: `t${tokenSteps.length}.b.c` };
            },
            invalidate() {},
          };
          const stack = createUpstreamStack({
            graphqlUrl: 'http://127.0.0.1:1/graphql',
            tokenProvider,
            logger: silentLogger,
            governor,
            breaker,
            attemptTimeoutMs: 15,
            deadlineMs: 60,
            maxResponseBytes: 1024,
            retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 3 },
            reauth: { maxRemints: 2, windowMs: 50, probeIntervalMs: 5 },
            observer: {
              attempt() {
                throw new Error('observer bug');
              },
            },
            fetch: async (_url, init) => answer(steps.shift() ?? 'ok', init),
          });
          await Promise.all(
            calls.map(async (c) => {
              const client = new AbortController();
              const timer =
                c.abortAfterMs === undefined
                  ? undefined
                  : setTimeout(() => client.abort(new Error('client gone')), c.abortAfterMs);
              const req = request(
                c.mutation ? 'mutation { spaceDelete(id: "1") }' : '{ spaces { id } }',
                c.oddGuid ? { spaceGuid: 'a\r\nb' } : undefined,
              );
              await Promise.resolve(stack.executor({ ...req, signal: client.signal })).catch(() => undefined);
              clearTimeout(timer);
            }),
          );
          expect(governor.stats()).toMatchObject({ inFlight: 0, queued: 0 });
          expect(governor.stalled()).toBe(false);
          governor.dispose();
        },
      ),
      { numRuns: 150, seed: 80_009 },
    );
  }, 60_000);
});
