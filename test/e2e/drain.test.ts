/**
 * Issue #8 failure mode 5: a shutdown with 50 requests in flight (10 of them mutations), on a machine
 * kept busy by a CPU-bound child process. Every request whose bytes were sent before the shutdown
 * gets an HTTP answer (`Connection: close`), and every mutation the simulator applied was answered to
 * its client. In process (server.close) ten times, and once through `src/main.ts` with a real SIGTERM.
 * bench/drain-soak.ts repeats the rounds many more times.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createSubgraphServer } from '../../src/server.ts';
import { type RunningSimulator, SEED, startSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';
import { drainRound, drainViolations, startBusyLoop, startSubgraphProcess } from '../helpers/drain-round.ts';

const ROUNDS = 10;

/** The subgraph's environment: every request reaches the simulator at once (no queueing in front). */
function subgraphEnv(sim: RunningSimulator): Record<string, string> {
  return {
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    INBOUND_AUTH: 'none',
    BOOMI_GRAPHQL_URL: sim.graphqlUrl,
    BOOMI_AUTH_URL: sim.authUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    UPSTREAM_MAX_CONCURRENCY: '100',
    LOG_LEVEL: 'silent',
  };
}

let sim: RunningSimulator;
let busy: ChildProcess | undefined;

beforeAll(async () => {
  // Slow enough that every request is still in flight upstream when the shutdown starts.
  sim = await startSimulator({ port: 0, rateLimit: { maxConcurrentPerAccount: 1000 } });
  sim.setFaults({ latencyMs: 300 });
  busy = startBusyLoop();
});

afterAll(async () => {
  busy?.kill('SIGKILL');
  await sim?.close();
});

describe('drain on shutdown (50 in flight, 10 mutations, CPU load)', () => {
  it(`in process, ${ROUNDS} rounds: every client gets an HTTP answer, every applied mutation is answered`, async () => {
    const problems: string[] = [];
    let answered = 0;
    let closeHeaders = 0;
    let applied = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const config = loadConfig(subgraphEnv(sim));
      const server = await createSubgraphServer({
        config,
        logger: createLogger({ level: 'silent' }),
        collectDefaultMetrics: false,
      });
      const { url } = await server.listen(0, '127.0.0.1');
      let closed: Promise<unknown> | undefined;
      try {
        const result = await drainRound({
          url,
          sim,
          spaceIds: SEED.demoLiveSpaceIds,
          round: `r${round}`,
          shutdown: () => {
            closed = server.close(10_000);
          },
        });
        problems.push(...drainViolations(result).map((p) => `round ${round}: ${p}`));
        answered += result.outcomes.filter((o) => o.status === 200).length;
        closeHeaders += result.outcomes.filter((o) => o.connection === 'close').length;
        applied += result.applied.length;
      } finally {
        await (closed ?? server.close(0));
      }
    }
    expect(problems).toEqual([]);
    expect(answered).toBe(ROUNDS * 50);
    expect(closeHeaders).toBe(ROUNDS * 50);
    expect(applied).toBe(ROUNDS * 10);
  }, 120_000);

  it('src/main.ts with a real SIGTERM: every client answered, exit code 0, new connections refused', async () => {
    const { child, url, exited } = await startSubgraphProcess(subgraphEnv(sim));
    try {
      const result = await drainRound({
        url,
        sim,
        spaceIds: SEED.demoLiveSpaceIds,
        round: 'sigterm',
        shutdown: () => child.kill('SIGTERM'),
      });
      const [code, signal] = await exited;
      const refused = await fetch(url, { method: 'POST' }).then(
        () => 'answered',
        (error: Error & { cause?: { code?: string } }) => error.cause?.code,
      );
      expect({
        violations: drainViolations(result),
        ok: result.outcomes.filter((o) => o.status === 200).length,
        applied: result.applied.length,
        exit: { code, signal },
        refused,
      }).toEqual({
        violations: [],
        ok: 50,
        applied: 10,
        exit: { code: 0, signal: null },
        refused: 'ECONNREFUSED',
      });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
