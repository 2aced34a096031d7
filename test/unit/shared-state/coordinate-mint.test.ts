import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedState, type SharedState } from '../../../src/shared-state/shared-state.ts';
import { accountKey, createSharedTokenStore } from '../../../src/shared-state/shared-token-store.ts';
import type { MinimalLogger } from '../../../src/upstream/logger-types.ts';
import { createTokenProvider, type TokenProvider } from '../../../src/upstream/token-provider.ts';
import { type RedisServer, redisSuiteMode, startRedisServer } from '../../helpers/redis-server.ts';

const API_TOKEN = 'api-token-5ecr3t-VALUE';
const AUTH_URL = 'http://127.0.0.1:4100/auth/jwt/generate';
let serial = 0;

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An auth endpoint shared by all replicas, counting mints; each mint a distinct JWT valid `lifetimeS`. */
function authEndpoint(lifetimeS = 300) {
  const minted: string[] = [];
  const fetch = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exp = Math.floor(Date.now() / 1000) + lifetimeS;
    const token = `${b64url({ alg: 'HS256' })}.${b64url({ exp, n: ++serial })}.c2ln`;
    minted.push(token);
    return new Response(token, { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, minted };
}

function recordingLogger() {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  const logger: MinimalLogger = { debug: log, info: log, warn: log, error: log };
  return { logger, lines };
}

const mode = redisSuiteMode();

describe.skipIf(mode.skip)('shared JWT across replicas (real redis-server)', () => {
  let redis: RedisServer;
  const states: SharedState[] = [];
  const providers: TokenProvider[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const p of providers) p.dispose();
    await Promise.all(states.map((s) => s.close()));
    await redis?.stop();
  });

  async function replicas(
    count: number,
    accountId: string,
    fetch: typeof globalThis.fetch,
    options: { waitForRedis?: boolean } = {},
  ) {
    const log = recordingLogger();
    const made = [];
    for (let i = 0; i < count; i++) {
      const state = createSharedState({ url: redis.url, logger: log.logger });
      states.push(state);
      if (options.waitForRedis !== false && state.redis.status !== 'ready') await once(state.redis, 'ready');
      const account = accountKey({ authUrl: AUTH_URL, accountId, username: 'dev' });
      const provider = createTokenProvider({
        authUrl: AUTH_URL,
        accountId,
        username: 'dev',
        apiToken: API_TOKEN,
        fetch,
        sharedTokens: createSharedTokenStore(state, account),
        mintAttempts: 1,
      });
      providers.push(provider);
      made.push({ state, provider });
    }
    return { made, log };
  }

  it('three replicas asking at once cause exactly one mint and get the same JWT', async () => {
    const auth = authEndpoint();
    const { made } = await replicas(3, 'acct-once', auth.fetch);
    const tokens = await Promise.all(
      made.flatMap(({ provider }) => [provider.getToken(), provider.getToken()]),
    );
    expect(auth.minted).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(auth.minted));
  });

  it('replicas asking while their Redis connection is still opening wait for it: still exactly one mint', async () => {
    const auth = authEndpoint();
    const { made } = await replicas(3, 'acct-start-up', auth.fetch, { waitForRedis: false });
    const tokens = await Promise.all(made.map(({ provider }) => provider.getToken()));
    expect(auth.minted).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(auth.minted));
  });

  it('after a 401, one re-mint; a replica refusing the same JWT later uses the replacement', async () => {
    const auth = authEndpoint();
    const { made } = await replicas(2, 'acct-401', auth.fetch);
    const [a, b] = made.map((m) => m.provider) as [TokenProvider, TokenProvider];
    const first = await a.getToken();
    expect(await b.getToken()).toBe(first);
    a.invalidate(first);
    const second = await a.getToken();
    expect(second).not.toBe(first);
    b.invalidate(first);
    expect(await b.getToken()).toBe(second);
    expect(auth.minted).toHaveLength(2);
  });

  it('short-lived JWTs: one mint per refresh window, each JWT used by all three replicas', async () => {
    const auth = authEndpoint(2);
    const { made } = await replicas(3, 'acct-windows', auth.fetch);
    const users = new Map<string, Set<number>>();
    // Bounded: stops after the fourth mint (refresh every ~1 s) or 400 rounds.
    for (let round = 0; round < 400 && auth.minted.length < 4; round++) {
      const tokens = await Promise.all(made.map(({ provider }) => provider.getToken()));
      tokens.forEach((token, replica) => {
        users.set(token, (users.get(token) ?? new Set()).add(replica));
      });
      await sleep(20);
    }
    expect(auth.minted.length).toBeGreaterThanOrEqual(4);
    // Every JWT but the newest lived a full window: all three replicas used it, none minted its own.
    for (const token of auth.minted.slice(0, -1)) expect(users.get(token)?.size).toBe(3);
    expect(new Set(users.keys()).size).toBeLessThanOrEqual(auth.minted.length);
  }, 20_000);

  it('keys hold no secret and the JWT is stored only under the account digest', async () => {
    const auth = authEndpoint();
    const { made } = await replicas(1, 'acct-keys', auth.fetch);
    await made[0]!.provider.getToken();
    const keys = await made[0]!.state.redis.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(API_TOKEN);
      expect(key).not.toContain(auth.minted[0]);
      expect(key).toMatch(/^spaces-subgraph:jwt(-lock)?:[0-9a-f]{24}$/);
    }
  });

  it('Redis down: each replica mints locally, one log line per transition; sharing resumes on return', async () => {
    const auth = authEndpoint(2);
    const { made, log } = await replicas(2, 'acct-outage', auth.fetch);
    const [a, b] = made.map((m) => m.provider) as [TokenProvider, TokenProvider];
    await a.getToken();
    await b.getToken();
    expect(auth.minted).toHaveLength(1);
    const port = redis.port;
    await redis.stop();
    // Wait (bounded) until both connections noticed; then tokens still come, minted locally.
    for (let i = 0; i < 200 && made.some((m) => m.state.up()); i++) await sleep(10);
    expect(made.map((m) => m.state.up())).toEqual([false, false]);
    a.invalidate(auth.minted[0]!);
    b.invalidate(auth.minted[0]!);
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(ta).not.toBe(tb);
    expect(auth.minted).toHaveLength(3);
    const downLines = log.lines.filter((l) => l.includes('Redis unavailable'));
    expect(downLines).toHaveLength(2);
    expect(downLines.join('')).not.toContain(String(port));

    redis = await startRedisServer(port);
    for (let i = 0; i < 500 && made.some((m) => !m.state.up()); i++) await sleep(10);
    expect(made.map((m) => m.state.up())).toEqual([true, true]);
    expect(log.lines.filter((l) => l.includes('Redis reachable'))).toHaveLength(4);
    a.invalidate(ta);
    b.invalidate(tb);
    const [na, nb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(na).toBe(nb);
    expect(auth.minted).toHaveLength(4);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
