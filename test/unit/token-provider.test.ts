import type { GraphQLError } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../../src/upstream/circuit-breaker.ts';
import type { MinimalLogger } from '../../src/upstream/logger-types.ts';
import { createTokenProvider, type TokenProviderOptions } from '../../src/upstream/token-provider.ts';

const API_TOKEN = 'api-token-5ecr3t-VALUE';
const USERNAME = 'dev@example.com';
const BASIC = Buffer.from(`BOOMI_TOKEN.${USERNAME}:${API_TOKEN}`).toString('base64');
const AUTH_URL = 'http://127.0.0.1:4100/auth/jwt/generate';

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

let serial = 0;
/** A JWT-shaped token; `exp`/`iat` in seconds. Each call gives a distinct token. */
function jwt(claims: { exp?: number; iat?: number } = {}): string {
  serial++;
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: USERNAME, n: serial, ...claims })}.c2lnbmF0dXJl${serial}`;
}

type Answer = Response | Error | (() => Promise<Response>);

/** A fetch that answers from a queue (the last answer repeats) and records its calls. */
function fakeFetch(...answers: Answer[]) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const queue = [...answers];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(url), init });
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer();
    return answer.clone();
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

/** A fake fetch whose every answer waits until `release()` is called. */
function gatedFetch(response: Response) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    ...fakeFetch(async () => {
      await gate;
      return response.clone();
    }),
    release,
  };
}

function text(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
}

function recordingLogger() {
  const lines: unknown[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  const logger: MinimalLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

function provider(overrides: Partial<TokenProviderOptions> & Pick<TokenProviderOptions, 'fetch'>) {
  return createTokenProvider({
    authUrl: AUTH_URL,
    accountId: 'acct-123 /x',
    username: USERNAME,
    apiToken: API_TOKEN,
    random: () => 1,
    // One attempt unless a test says otherwise (the default is JWT_MINT_ATTEMPTS' 8 since #8).
    mintAttempts: 1,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a rejection');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createTokenProvider: minting', () => {
  it('GETs <authUrl>/<encoded accountId> with Basic BOOMI_TOKEN.<username>:<apiToken> and caches the token', async () => {
    const token = jwt({ exp: nowSeconds() + 300 });
    const { fetch, calls } = fakeFetch(text(`  ${token}\n`));
    const tp = provider({ fetch, authUrl: `${AUTH_URL}/` });
    expect(await tp.getToken()).toBe(token);
    expect(await tp.getToken()).toBe(token);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${AUTH_URL}/acct-123%20%2Fx`);
    expect(calls[0]?.init?.method).toBe('GET');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe(`Basic ${BASIC}`);
    expect(tp.status()).toEqual({ hasValidToken: true, expiresAt: (nowSeconds() + 300) * 1000, mints: 1 });
    tp.dispose();
  });

  it.each([
    ['token', (t: string) => JSON.stringify({ token: t })],
    ['jwt', (t: string) => JSON.stringify({ jwt: t })],
    ['access_token', (t: string) => JSON.stringify({ access_token: t, token_type: 'Bearer' })],
    ['accessToken', (t: string) => JSON.stringify({ accessToken: t })],
    ['a JSON string', (t: string) => JSON.stringify(t)],
  ])('accepts a JSON body with %s', async (_name, body) => {
    const token = jwt({ exp: nowSeconds() + 300 });
    const tp = provider({ fetch: fakeFetch(text(body(token))).fetch });
    expect(await tp.getToken()).toBe(token);
    tp.dispose();
  });

  it.each([
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['an empty body', ''],
    ['two segments', 'abc.def'],
    ['JSON without a token field', '{"id":"x"}'],
    ['broken JSON', '{"token": "a.b.c"'],
    ['a huge body', 'a'.repeat(70_000)],
  ])('rejects %s with UPSTREAM_AUTH_FAILED (retryable)', async (_name, body) => {
    const tp = provider({ fetch: fakeFetch(text(body)).fetch });
    const error = await rejection(tp.getToken());
    expect(error.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', category: 'UPSTREAM', retryable: true });
    expect(error.message).toBe('The subgraph could not authenticate to the Spaces service.');
    expect(tp.status()).toEqual({
      hasValidToken: false,
      mints: 0,
      lastError: 'auth endpoint answered without a JWT',
    });
    tp.dispose();
  });

  it('shares one mint among 500 concurrent callers', async () => {
    const token = jwt({ exp: nowSeconds() + 300 });
    const { fetch, calls, release } = gatedFetch(text(token));
    const tp = provider({ fetch });
    const all = Promise.all(Array.from({ length: 500 }, () => tp.getToken()));
    await vi.advanceTimersByTimeAsync(0);
    release();
    expect(new Set(await all)).toEqual(new Set([token]));
    expect(calls).toHaveLength(1);
    tp.dispose();
  });

  it('uses defaultLifetimeSeconds when exp cannot be read', async () => {
    const tp = provider({ fetch: fakeFetch(text(jwt())).fetch, defaultLifetimeSeconds: 120 });
    await tp.getToken();
    expect(tp.status().expiresAt).toBe(Date.now() + 120_000);
    tp.dispose();
  });

  it('trusts exp - iat when exp is already past by the local clock (clock skew)', async () => {
    const { logger, lines } = recordingLogger();
    const tp = provider({
      fetch: fakeFetch(text(jwt({ iat: nowSeconds() - 400, exp: nowSeconds() - 100 }))).fetch,
      logger,
    });
    await tp.getToken();
    expect(tp.status().expiresAt).toBe(Date.now() + 300_000);
    expect(JSON.stringify(lines)).toContain('using exp - iat');
    tp.dispose();
  });

  it('reports each mint to onMint', async () => {
    const events: unknown[] = [];
    const tp = provider({
      fetch: fakeFetch(text('', 503), text(jwt({ exp: nowSeconds() + 300 }))).fetch,
      onMint: (e) => events.push(e),
    });
    await rejection(tp.getToken());
    await tp.getToken();
    expect(events).toEqual([
      { outcome: 'failure', durationMs: 0, status: 503, reason: 'auth endpoint answered HTTP 503' },
      { outcome: 'success', durationMs: 0, status: 200 },
    ]);
    tp.dispose();
  });
});

describe('createTokenProvider: refresh', () => {
  it('refreshes ahead of exp so that requests never wait on a mint', async () => {
    const first = jwt({ exp: nowSeconds() + 300 });
    const second = jwt({ exp: nowSeconds() + 600 });
    const { fetch, calls } = fakeFetch(text(first), text(second));
    const tp = provider({ fetch });
    expect(await tp.getToken()).toBe(first);
    await vi.advanceTimersByTimeAsync(239_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000); // exp - 60 s
    expect(calls).toHaveLength(2);
    expect(await tp.getToken()).toBe(second);
    expect(tp.status().mints).toBe(2);
    tp.dispose();
  });

  it('clamps the margin to half the lifetime for short-lived tokens', async () => {
    const { fetch, calls } = fakeFetch(
      text(jwt({ exp: nowSeconds() + 4 })),
      text(jwt({ exp: nowSeconds() + 8 })),
    );
    const tp = provider({ fetch });
    await tp.getToken();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    tp.dispose();
  });

  it('does not refresh a token nobody used, and mints on demand afterwards', async () => {
    const { fetch, calls } = fakeFetch(
      text(jwt({ exp: nowSeconds() + 300 })),
      text(jwt({ exp: nowSeconds() + 900 })),
    );
    const tp = provider({ fetch });
    await tp.getToken();
    await vi.advanceTimersByTimeAsync(240_000); // the first refresh: token was used
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600_000); // second refresh point passes unused: no mint
    expect(calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
    tp.dispose();
  });

  it('serves the cached token when a refresh fails, retrying in the background with backoff', async () => {
    const t0 = Date.now();
    const first = jwt({ exp: nowSeconds() + 300 });
    const second = jwt({ exp: nowSeconds() + 900 });
    const { logger, lines } = recordingLogger();
    const { fetch, calls } = fakeFetch(
      text(first),
      text('', 503),
      text('', 502),
      new Error('ECONNRESET'),
      text(second),
    );
    const tp = provider({ fetch, logger, backgroundRetry: { initialDelayMs: 500, maxDelayMs: 1_500 } });
    await tp.getToken();
    await vi.advanceTimersByTimeAsync(240_000);
    expect(calls).toHaveLength(2);
    expect(await tp.getToken()).toBe(first);
    expect(tp.status()).toMatchObject({ hasValidToken: true, lastError: 'auth endpoint answered HTTP 503' });
    await vi.advanceTimersByTimeAsync(499); // random() = 1: 500, 1000, 1500 (capped)
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(4);
    expect(await tp.getToken()).toBe(first);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls).toHaveLength(5);
    expect(await tp.getToken()).toBe(second);
    expect(tp.status()).toEqual({ hasValidToken: true, expiresAt: t0 + 900_000, mints: 2 });
    expect(lines.filter((l) => (l as { level: string }).level === 'warn')).toHaveLength(3);
    tp.dispose();
  });

  it('uses full jitter for the background retry delay', async () => {
    const { fetch, calls } = fakeFetch(text(jwt({ exp: nowSeconds() + 300 })), text('', 503));
    const tp = provider({ fetch, random: () => 0.25 });
    await tp.getToken();
    await vi.advanceTimersByTimeAsync(240_000);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(124); // 0.25 * 500
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    tp.dispose();
  });

  it('stops retrying in the background once the cached token expired', async () => {
    const { fetch, calls } = fakeFetch(text(jwt({ exp: nowSeconds() + 300 })), text('', 503));
    const tp = provider({ fetch });
    await tp.getToken();
    await vi.advanceTimersByTimeAsync(600_000);
    const count = calls.length;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls.length).toBe(count);
    expect(vi.getTimerCount()).toBe(0);
    expect(tp.status().hasValidToken).toBe(false);
    tp.dispose();
  });
});

describe('createTokenProvider: failures without a valid token', () => {
  it.each([
    [401, false],
    [403, false],
    [404, false],
    [429, true],
    [500, true],
    [503, true],
  ])('HTTP %i from the auth endpoint → UPSTREAM_AUTH_FAILED retryable %s', async (status, retryable) => {
    const tp = provider({ fetch: fakeFetch(text('nope', status)).fetch });
    const error = await rejection(tp.getToken());
    expect(error.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', category: 'UPSTREAM', retryable });
    tp.dispose();
  });

  it('a network error → retryable UPSTREAM_AUTH_FAILED', async () => {
    const tp = provider({ fetch: fakeFetch(new TypeError('fetch failed')).fetch });
    const error = await rejection(tp.getToken());
    expect(error.extensions.retryable).toBe(true);
    expect(tp.status().lastError).toBe('auth endpoint unreachable (network error)');
    tp.dispose();
  });

  it('a refused connection names its system error code (ECONNREFUSED) in the failure detail', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const tp = provider({ fetch: fakeFetch(refused).fetch });
    await rejection(tp.getToken());
    expect(tp.status().lastError).toBe('auth endpoint unreachable (ECONNREFUSED)');
    tp.dispose();
  });

  it('a mint that exceeds mintTimeoutMs is aborted → retryable UPSTREAM_AUTH_FAILED', async () => {
    let seen: AbortSignal | undefined;
    const never: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        seen = init?.signal ?? undefined;
        seen?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const tp = provider({ fetch: never, mintTimeoutMs: 50 });
    const pending = rejection(tp.getToken());
    await vi.advanceTimersByTimeAsync(50);
    const error = await pending;
    expect(seen?.aborted).toBe(true);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', retryable: true });
    expect(tp.status().lastError).toBe('auth endpoint timed out after 50 ms');
    tp.dispose();
  });

  it('with mintAttempts, a caller without a token retries retryable mint failures with backoff', async () => {
    const token = jwt({ exp: nowSeconds() + 300 });
    const { fetch, calls } = fakeFetch(text('', 503), new TypeError('fetch failed'), text(token));
    const tp = provider({ fetch, mintAttempts: 3, random: () => 1 });
    const pending = tp.getToken();
    await vi.advanceTimersByTimeAsync(99); // random() = 1: 100 ms, then 200 ms
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toBe(token);
    expect(calls).toHaveLength(3);
    tp.dispose();
  });

  it('with mintAttempts, refusals and an open breaker are not retried; the attempts are bounded', async () => {
    const refused = fakeFetch(text('', 401));
    const tp = provider({ fetch: refused.fetch, mintAttempts: 5 });
    expect((await rejection(tp.getToken())).extensions.retryable).toBe(false);
    expect(refused.calls).toHaveLength(1);
    tp.dispose();

    const down = fakeFetch(text('', 503));
    const tp2 = provider({ fetch: down.fetch, mintAttempts: 3, random: () => 0 });
    const pending = rejection(tp2.getToken());
    await vi.advanceTimersByTimeAsync(10);
    const error = await pending;
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', retryable: true });
    expect(down.calls).toHaveLength(3);
    tp2.dispose();

    const breaker = createCircuitBreaker({ name: 'auth', consecutiveFailures: 1 });
    breaker.tryAcquire()?.failure();
    const open = fakeFetch(text(jwt()));
    const tp3 = provider({ fetch: open.fetch, breaker, mintAttempts: 5 });
    await rejection(tp3.getToken());
    expect(open.calls).toHaveLength(0);
    tp3.dispose();
  });

  it('with mintAttempts, an abort during the backoff rejects with the signal reason', async () => {
    const tp = provider({ fetch: fakeFetch(text('', 503)).fetch, mintAttempts: 5, random: () => 1 });
    const controller = new AbortController();
    const pending = tp.getToken(controller.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    tp.dispose();
  });

  it('fails fast without calling the endpoint when its breaker is open', async () => {
    const breaker = createCircuitBreaker({ name: 'auth', consecutiveFailures: 1 });
    breaker.tryAcquire()?.failure();
    const { fetch, calls } = fakeFetch(text(jwt()));
    const tp = provider({ fetch, breaker });
    const error = await rejection(tp.getToken());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', retryable: true });
    expect(calls).toHaveLength(0);
    expect(tp.status().lastError).toBe('auth endpoint circuit open (auth)');
    tp.dispose();
  });

  it('an open auth breaker names the failure that opened it', async () => {
    const breaker = createCircuitBreaker({ name: 'auth', consecutiveFailures: 1 });
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const tp = provider({ fetch: fakeFetch(refused).fetch, breaker });
    await rejection(tp.getToken());
    expect(breaker.state()).toBe('open');
    await rejection(tp.getToken());
    expect(tp.status().lastError).toBe(
      'auth endpoint circuit open (auth); last failure: auth endpoint unreachable (ECONNREFUSED)',
    );
    tp.dispose();
  });

  it('reports 5xx to the breaker but not 401', async () => {
    // A 5xx answer counts towards the failure ratio (not the transport-failure streak): 2 of 4 opens it.
    const breaker = createCircuitBreaker({ name: 'auth', minimumRequests: 4, failureRatio: 0.5 });
    const tp = provider({
      fetch: fakeFetch(text('', 401), text('', 401), text('', 503), text('', 503)).fetch,
      breaker,
    });
    await rejection(tp.getToken());
    await rejection(tp.getToken());
    expect(breaker.state()).toBe('closed');
    await rejection(tp.getToken());
    await rejection(tp.getToken());
    expect(breaker.state()).toBe('open');
    tp.dispose();
  });

  it('never exposes the api token, the Basic value or a JWT in errors, logs, status or onMint', async () => {
    const leakedJwt = jwt({ exp: nowSeconds() + 300 });
    const { logger, lines } = recordingLogger();
    const events: unknown[] = [];
    const answers: Answer[] = [
      text(`invalid credentials for ${API_TOKEN} ${BASIC}`, 401),
      text(`<html>${leakedJwt} Basic ${BASIC}</html>`, 502),
      new Error(`connect ECONNREFUSED Authorization: Basic ${BASIC} token=${API_TOKEN} ${leakedJwt}`),
      text(`${API_TOKEN}`),
      text(JSON.stringify({ token: `${API_TOKEN}` })),
    ];
    const tp = provider({ fetch: fakeFetch(...answers).fetch, logger, onMint: (e) => events.push(e) });
    const seen: unknown[] = [];
    for (let i = 0; i < answers.length; i++) {
      const error = await rejection(tp.getToken());
      seen.push(
        error.message,
        error.extensions,
        JSON.stringify(error.toJSON()),
        String((error as Error & { cause?: unknown }).cause),
        error.stack,
        tp.status(),
      );
    }
    const everything = JSON.stringify([seen, lines, events]);
    expect(everything).not.toContain(API_TOKEN);
    expect(everything).not.toContain(BASIC);
    expect(everything).not.toContain(leakedJwt);
    expect(everything).not.toContain(leakedJwt.split('.')[1]);
    expect(seen.length).toBe(answers.length * 6);
  });
});

describe('createTokenProvider: invalidate, abort, dispose', () => {
  it('invalidate drops only the token it names: 100 parallel 401s cause one re-mint', async () => {
    const first = jwt({ exp: nowSeconds() + 300 });
    const second = jwt({ exp: nowSeconds() + 300 });
    const { fetch, calls } = fakeFetch(text(first), text(second));
    const tp = provider({ fetch });
    const old = await tp.getToken();
    tp.invalidate(old);
    const fresh = await tp.getToken();
    expect(fresh).toBe(second);
    for (let i = 0; i < 100; i++) tp.invalidate(old);
    expect(await Promise.all(Array.from({ length: 100 }, () => tp.getToken()))).toEqual(
      Array(100).fill(second),
    );
    expect(calls).toHaveLength(2);
    tp.invalidate('something-else');
    expect(tp.status().hasValidToken).toBe(true);
    tp.dispose();
  });

  it('an aborted caller rejects with signal.reason while the shared mint continues for others', async () => {
    const token = jwt({ exp: nowSeconds() + 300 });
    const { fetch, calls, release } = gatedFetch(text(token));
    const tp = provider({ fetch });
    const controller = new AbortController();
    const reason = new Error('client went away');
    const aborted = tp.getToken(controller.signal);
    const other = tp.getToken();
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    release();
    expect(await other).toBe(token);
    expect(calls).toHaveLength(1);
    const already = new AbortController();
    already.abort(reason);
    await expect(tp.getToken(already.signal)).rejects.toBe(reason);
    tp.dispose();
  });

  it('dispose clears timers, aborts a mint in flight and makes getToken reject', async () => {
    const tp1 = provider({ fetch: fakeFetch(text(jwt({ exp: nowSeconds() + 300 }))).fetch });
    await tp1.getToken();
    expect(vi.getTimerCount()).toBe(1);
    tp1.dispose();
    expect(vi.getTimerCount()).toBe(0);
    const error = await rejection(tp1.getToken());
    expect(error.extensions?.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(error.message).toBe('The subgraph is shutting down.');
    expect(tp1.status().hasValidToken).toBe(false);

    let seen: AbortSignal | undefined;
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        seen = init?.signal ?? undefined;
        seen?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const tp2 = provider({ fetch: hanging });
    const pending = rejection(tp2.getToken());
    await vi.advanceTimersByTimeAsync(0);
    tp2.dispose();
    expect(seen?.aborted).toBe(true);
    expect((await pending).extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', retryable: false });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createTokenProvider: options', () => {
  const fetch = fakeFetch(text('x')).fetch;
  const base = { authUrl: AUTH_URL, accountId: 'a', username: 'u', apiToken: API_TOKEN, fetch };
  it.each([
    [
      { authUrl: 'not a url' },
      'createTokenProvider: option authUrl must be an absolute http(s) URL, received "not a url"',
    ],
    [
      { authUrl: 'ftp://x/y' },
      'createTokenProvider: option authUrl must be an absolute http(s) URL, received "ftp://x/y"',
    ],
    [{ accountId: '' }, 'createTokenProvider: option accountId must be a non-empty string, received ""'],
    [{ username: 7 }, 'createTokenProvider: option username must be a non-empty string, received 7'],
    [{ apiToken: ' ' }, 'createTokenProvider: option apiToken must be a non-empty string, received string'],
    [
      { refreshMarginSeconds: -1 },
      'createTokenProvider: option refreshMarginSeconds must be a finite number >= 0, received -1',
    ],
    [
      { defaultLifetimeSeconds: 0 },
      'createTokenProvider: option defaultLifetimeSeconds must be a finite number >= 1, received 0',
    ],
    [
      { mintTimeoutMs: Number.NaN },
      'createTokenProvider: option mintTimeoutMs must be a finite number >= 1, received NaN',
    ],
    [
      { backgroundRetry: { maxDelayMs: Infinity } },
      'createTokenProvider: option backgroundRetry.maxDelayMs must be a finite number >= 1, received Infinity',
    ],
  ])('%j', (override, message) => {
    expect(() => createTokenProvider({ ...base, ...override } as TokenProviderOptions)).toThrow(
      new TypeError(message),
    );
  });
});
