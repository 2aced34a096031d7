/**
 * Managed JWTs end to end: one replay after a 401, persistent 401s, mint failures, refresh across
 * expiry under concurrent load, single-flight minting, and no secret in any log line or response.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/errors/catalog.ts';
import { DEFAULT_SANDBOX_CREDENTIALS, SEED } from '../../src/simulator/index.ts';
import { type GraphQLResponse, type Stack, type StackOptions, startStack } from '../helpers/stack.ts';
import { createUpstreamTap, type UpstreamTap } from '../helpers/upstream-tap.ts';

const { accountId, username, apiToken } = DEFAULT_SANDBOX_CREDENTIALS;
const WRONG_TOKEN = 'wrong-api-token-5d2e8c1b9a';
const basicOf = (token: string) => Buffer.from(`BOOMI_TOKEN.${username}:${token}`).toString('base64');

/** Everything a client or an operator could see; the secrets test scans it. */
const seen: string[] = [];
const stacks: Stack[] = [];

async function stackWith(options: StackOptions): Promise<Stack> {
  const stack = await startStack({ ...options, env: { LOG_LEVEL: 'trace', ...options.env } });
  stacks.push(stack);
  return stack;
}

async function query(stack: Stack, text: string): Promise<GraphQLResponse> {
  const res = await stack.query(text);
  seen.push(res.text);
  return res;
}

function bearerOf(call: { headers: Record<string, string> }): string {
  return (call.headers.authorization ?? '').replace(/^Bearer /, '');
}

afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

describe('JWT handling through the subgraph', () => {
  const taps: UpstreamTap[] = [];

  it('replays once after a 401: the request succeeds with one extra mint', async () => {
    const tap = createUpstreamTap();
    taps.push(tap);
    tap.overrideAuthorization = (_auth, index) => (index === 0 ? 'Bearer not-a-valid-jwt' : undefined);
    const stack = await stackWith({ server: { upstreamFetch: tap.fetch } });
    const res = await query(stack, '{ spaces { id } }');
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as { spaces: unknown[] }).spaces).toHaveLength(23);
    expect(tap.calls.map((c) => c.status)).toEqual([401, 200]);
    // The replay used a new token, not the rejected one.
    expect(bearerOf(tap.calls[1]!)).not.toBe(bearerOf(tap.calls[0]!));
    const stats = stack.sim.stats();
    expect(stats.unauthorized).toBe(1);
    expect(stats.jwtMints).toBe(2);
    expect(stack.server.tokenProvider.status().mints).toBe(2);
  });

  it('a persistent 401 fails with UNAUTHENTICATED after exactly one replay', async () => {
    const tap = createUpstreamTap();
    taps.push(tap);
    tap.overrideAuthorization = () => 'Bearer not-a-valid-jwt';
    const stack = await stackWith({ server: { upstreamFetch: tap.fetch } });
    const res = await query(stack, '{ spaces { id } }');
    expect(res.body.data).toEqual({ spaces: null });
    expect(res.body.errors).toEqual([
      {
        message: 'The Boomi API rejected a freshly minted JWT.',
        path: ['spaces'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
      },
    ]);
    expect(tap.calls.map((c) => c.status)).toEqual([401, 401]);
    expect(stack.sim.stats().jwtMints).toBe(2);
    const logged = stack.logs.find((line) => line.includes('upstream failure reported to a client'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      level: 40,
      code: 'UNAUTHENTICATED',
      path: ['spaces'],
    });
  });

  it('a refused API token gives UPSTREAM_AUTH_FAILED (not retryable) and no upstream GraphQL call', async () => {
    const stack = await stackWith({ env: { BOOMI_API_TOKEN: WRONG_TOKEN } });
    const res = await query(stack, '{ spaces { id } }');
    expect(res.body.errors).toEqual([
      {
        message: ERROR_CATALOG.UPSTREAM_AUTH_FAILED.message,
        path: ['spaces'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'UPSTREAM_AUTH_FAILED', category: 'UPSTREAM', retryable: false },
      },
    ]);
    // Operators get the reason the client does not.
    const logged = stack.logs.find((line) => line.includes('upstream failure reported to a client'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      code: 'UPSTREAM_AUTH_FAILED',
      cause: 'auth endpoint refused the credentials (HTTP 401)',
    });
    const stats = stack.sim.stats();
    expect(stats.authFailures).toBe(1);
    expect(stats.graphqlRequests).toBe(0);
    const ready = await fetch(`${stack.base}/ready`);
    const readyText = await ready.text();
    seen.push(readyText);
    expect(ready.status).toBe(503);
    expect(JSON.parse(readyText)).toMatchObject({
      ready: false,
      state: 'credentials_refused',
      checks: { auth: { ok: false } },
    });
  });

  it('an unavailable auth endpoint gives UPSTREAM_AUTH_FAILED (retryable)', async () => {
    const stack = await stackWith({ sim: { faults: { authDown: true } } });
    const res = await query(stack, '{ spaces { id } }');
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'UPSTREAM_AUTH_FAILED',
      category: 'UPSTREAM',
      retryable: true,
    });
    expect(stack.sim.stats().graphqlRequests).toBe(0);
    // Once the endpoint is back, the next request mints and succeeds.
    stack.sim.setFaults({});
    const again = await query(stack, '{ spaces { id } }');
    expect(again.body.errors).toBeUndefined();
    expect(stack.sim.stats().jwtMints).toBe(1);
  });

  // The two load tests run side by side (it.concurrent) to keep the suite's wall time down.
  it.concurrent('500 concurrent requests with no token share exactly one mint', async ({ expect }) => {
    const stack = await stackWith({
      // Slow mint, and no outbound concurrency cap in the way: all 500 wait for the token at once.
      sim: { faults: { authLatencyMs: 300 }, rateLimit: { maxConcurrentPerAccount: 1000 } },
      env: { UPSTREAM_MAX_CONCURRENCY: '500', LOG_LEVEL: 'warn' },
    });
    const results = await Promise.all(
      Array.from({ length: 500 }, () => stack.query(`{ space(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`)),
    );
    expect(results.filter((r) => r.body.errors !== undefined)).toEqual([]);
    expect(stack.sim.stats().jwtMints).toBe(1);
    expect(stack.server.tokenProvider.status().mints).toBe(1);
  });

  it.concurrent('refreshes ahead of expiry under 30 s of concurrent load: no auth error, no upstream 401', async ({
    expect,
  }) => {
    const tap = createUpstreamTap();
    taps.push(tap);
    const stack = await stackWith({
      sim: { jwtLifetimeSeconds: 2 },
      env: { LOG_LEVEL: 'info' },
      server: { upstreamFetch: tap.fetch },
    });
    const durationMs = 30_000;
    const stopAt = Date.now() + durationMs;
    let requests = 0;
    const failures: string[] = [];
    const client = async () => {
      while (Date.now() < stopAt) {
        const res = await stack.query<{ spaces: unknown[] }>('{ spaces { id } }');
        requests++;
        if (res.body.errors || res.body.data?.spaces.length !== 23) failures.push(res.text.slice(0, 300));
      }
    };
    await Promise.all(Array.from({ length: 20 }, client));
    const stats = stack.sim.stats();
    const tokens = new Set(tap.calls.map(bearerOf));
    console.info(
      `refresh under load: ${requests} client requests, ${tap.calls.length} upstream calls, ` +
        `${stats.jwtMints} mints, ${tokens.size} distinct JWTs used, ${stats.unauthorized} upstream 401s`,
    );
    expect(failures).toEqual([]);
    // Absolute throughput depends on the machine; this only proves the load was real.
    expect(requests).toBeGreaterThan(200);
    expect(stats.unauthorized).toBe(0);
    // A 2 s JWT (exp rounded up to a whole second) is refreshed at half its lifetime: ~1 mint per second.
    expect(stats.jwtMints).toBeGreaterThanOrEqual(20);
    expect(stats.jwtMints).toBeLessThanOrEqual(35);
    expect(tokens.size).toBeGreaterThanOrEqual(stats.jwtMints - 2);
    seen.push(...tap.calls.slice(0, 50).map((c) => c.responseText));
  }, 60_000);

  it('no API token, Basic credential or JWT appears in any log line or response', async () => {
    // A JWT minted by us straight from the simulator of the first stack, and every JWT the executors sent.
    const first = stacks[0]!;
    const minted = await fetch(`${first.sim.authUrl}/${accountId}`, {
      headers: { authorization: `Basic ${basicOf(apiToken)}` },
    });
    const ownJwt = (await minted.text()).trim();
    expect(ownJwt.split('.')).toHaveLength(3);
    const jwts = new Set([ownJwt, ...taps.flatMap((t) => t.calls.map(bearerOf))]);
    jwts.delete('not-a-valid-jwt');
    jwts.delete('');
    expect(jwts.size).toBeGreaterThan(10);

    for (const stack of stacks) {
      const metrics = await (await fetch(`${stack.base}/metrics`)).text();
      seen.push(metrics, await (await fetch(`${stack.base}/ready`)).text());
    }
    const everything = [...stacks.flatMap((s) => s.logs), ...seen].join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    // The logs did record the failures (so the scan is meaningful).
    expect(everything).toContain('auth endpoint refused the credentials (HTTP 401)');
    const secrets = [apiToken, WRONG_TOKEN, basicOf(apiToken), basicOf(WRONG_TOKEN), ...jwts];
    for (const secret of secrets)
      expect(everything.includes(secret), `leaked ${secret.slice(0, 12)}…`).toBe(false);
    // And no JWT-shaped string at all (each part base64url, the header starting with eyJ).
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
