/**
 * Issue #12 with real processes: three subgraph replicas (`src/main.ts` child processes) sharing one
 * Boomi account through one real redis-server, against one simulator. Counts events only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';
import { type RedisServer, redisSuiteMode, startRedisServer } from '../helpers/redis-server.ts';
import { type MainProcess, spawnMain } from '../helpers/spawn-main.ts';

const mode = redisSuiteMode();
const CAP = 3;
const REPLICAS = 3;
/** Each replica's share of the cap without Redis (floor of CAP / REPLICAS_EXPECTED, at least 1). */
const LOCAL_SHARE = Math.max(1, Math.floor(CAP / REPLICAS));
const ACCOUNT = DEFAULT_SANDBOX_CREDENTIALS.accountId;

describe.skipIf(mode.skip)('three replicas, one account, one Redis (real processes)', () => {
  let redis: RedisServer;
  let sim: RunningSimulator;
  const replicas: MainProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    sim = await startSimulator({ port: 0, rateLimit: { maxConcurrentPerAccount: 10 } });
    sim.setFaults({ latencyMs: 15 });
    for (let i = 0; i < REPLICAS; i++) {
      replicas.push(
        spawnMain({
          BOOMI_ACCOUNT_ID: ACCOUNT,
          BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
          BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
          BOOMI_GRAPHQL_URL: sim.graphqlUrl,
          BOOMI_AUTH_URL: sim.authUrl,
          INBOUND_AUTH: 'none',
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'info',
          REDIS_URL: redis.url,
          // A killed Redis is seen at once (connection refused); a 250 ms reply timeout on this loaded
          // machine would instead send one replica to its local share while the others still lease.
          REDIS_COMMAND_TIMEOUT_MS: '2000',
          REPLICAS_EXPECTED: String(REPLICAS),
          UPSTREAM_MAX_CONCURRENCY: String(CAP),
          // Every client request must reach the upstream: no sharing of identical queries, no merging.
          UPSTREAM_DEDUP: 'false',
          OPERATION_SHARING: 'false',
          UPSTREAM_COALESCE: 'false',
        }),
      );
    }
    for (const replica of replicas) {
      const line = await replica.waitForLine(/"subgraph":"http:\/\/127\.0\.0\.1:\d+\/graphql"/, 30_000);
      urls.push(/"subgraph":"([^"]+)"/.exec(line)![1]!);
    }
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) replica.kill();
    await sim?.close();
    await redis?.stop();
  });

  /** `workers` clients, each sending `rounds` queries in turn to the replicas; failures seen by clients. */
  async function load(workers: number, rounds: number, during?: (done: number) => Promise<void>) {
    let failures = 0;
    let done = 0;
    const samples: string[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let r = 0; r < rounds; r++) {
          const response = await fetch(urls[(w + r) % urls.length]!, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ spaces { id } }' }),
          });
          const text = await response.text();
          if (response.status !== 200 || text.includes('"errors"')) {
            failures++;
            if (samples.length < 3) samples.push(text);
          }
          done++;
          if (w === 0) await during?.(done);
        }
      }),
    );
    return { failures, samples };
  }

  async function readyDetails(): Promise<string[]> {
    return Promise.all(
      urls.map(async (url) => {
        const body = (await (await fetch(url.replace(/\/graphql$/, '/ready'))).json()) as {
          checks?: { sharedState?: { detail?: string } };
        };
        return body.checks?.sharedState?.detail ?? '';
      }),
    );
  }

  it('the account cap holds across replicas and one JWT is minted for all of them', async () => {
    sim.reset();
    sim.setFaults({ latencyMs: 15 });
    const { failures, samples } = await load(18, 6);
    expect(samples).toEqual([]);
    expect(failures).toBe(0);
    const stats = sim.stats();
    expect(stats.graphqlRequests).toBeGreaterThanOrEqual(18 * 6);
    expect(stats.maxInFlightByAccount[ACCOUNT]).toBeLessThanOrEqual(CAP);
    expect(stats.rateLimited).toBe(0);
    // reset() clears counters, not tokens: the shared JWT minted at start-up is still in use.
    expect(stats.jwtMints).toBeLessThanOrEqual(1);
  }, 60_000);

  it('Redis killed in the middle of load: no client-visible error; sharing resumes after a restart', async () => {
    sim.reset();
    sim.setFaults({ latencyMs: 15 });
    const port = redis.port;
    let killed = false;
    const { failures, samples } = await load(12, 8, async (done) => {
      if (!killed && done >= 3) {
        killed = true;
        await redis.stop();
      }
    });
    expect(killed).toBe(true);
    expect(samples).toEqual([]);
    expect(failures).toBe(0);
    // Each replica switches to its local share on its own, once its own leased calls have ended: while one
    // replica still finishes the calls it leased before the kill (at most CAP), each of the others may
    // already run its local share (docs/resilience.md). Seen: 5 = 3 leased + 2 local shares. Once every
    // replica has switched, the local shares keep the account under its cap (checked below).
    expect(sim.stats().maxInFlightByAccount[ACCOUNT]).toBeLessThanOrEqual(CAP + (REPLICAS - 1) * LOCAL_SHARE);
    expect((await readyDetails()).every((d) => d.startsWith('redis unavailable'))).toBe(true);
    sim.reset();
    sim.setFaults({ latencyMs: 15 });
    const withoutRedis = await load(12, 4);
    expect(withoutRedis.failures).toBe(0);
    expect(sim.stats().maxInFlightByAccount[ACCOUNT]).toBeLessThanOrEqual(CAP);

    redis = await startRedisServer(port);
    let details: string[] = [];
    for (let i = 0; i < 100; i++) {
      details = await readyDetails();
      if (details.every((d) => d.startsWith('redis up'))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(details.every((d) => d.startsWith('redis up'))).toBe(true);
    sim.reset();
    sim.setFaults({ latencyMs: 15 });
    const after = await load(18, 4);
    expect(after.failures).toBe(0);
    expect(sim.stats().maxInFlightByAccount[ACCOUNT]).toBeLessThanOrEqual(CAP);
    for (const replica of replicas) {
      const lines = replica.output.stdout.split('\n');
      // Each transition is logged once (not each failed command): a slow reply on a loaded machine may add a
      // down/up pair after the restart, but every "unavailable" is followed by its "reachable".
      const downs = lines.filter((l) => l.includes('shared state: Redis unavailable')).length;
      const ups = lines.filter((l) => l.includes('shared state: Redis reachable')).length;
      expect(downs).toBeGreaterThanOrEqual(1);
      expect(ups).toBe(downs + 1);
      expect(replica.output.stdout).not.toContain(DEFAULT_SANDBOX_CREDENTIALS.apiToken);
    }
  }, 60_000);
});
