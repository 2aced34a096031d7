/**
 * Drain soak (issue #8 failure mode 5): DRAIN_ROUNDS rounds (default 100) of 50 requests in flight,
 * 10 of them mutations, then a shutdown, with one CPU core kept busy by a child process. Odd rounds
 * run `src/main.ts` as a child and send it SIGTERM; even rounds drain an in-process server. Prints the
 * tally of what clients saw and every violation; exits 1 when a round broke the drain contract.
 *
 *   npm run soak:drain
 *   DRAIN_ROUNDS=500 npm run soak:drain
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createSubgraphServer } from '../src/server.ts';
import { SEED, startSimulator } from '../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
import {
  drainRound,
  drainViolations,
  type RoundResult,
  startBusyLoop,
  startSubgraphProcess,
} from '../test/helpers/drain-round.ts';

const ROUNDS = Number(process.env.DRAIN_ROUNDS ?? 100);

const sim = await startSimulator({ port: 0, rateLimit: { maxConcurrentPerAccount: 1000 } });
sim.setFaults({ latencyMs: 300 });
const busy = startBusyLoop();
const env = {
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
const tally = new Map<string, number>();
const violations: string[] = [];
let exitCodes = 0;

async function inProcessRound(round: number): Promise<RoundResult> {
  const server = await createSubgraphServer({
    config: loadConfig(env),
    logger: createLogger({ level: 'silent' }),
    collectDefaultMetrics: false,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  let closed: Promise<unknown> = Promise.resolve();
  try {
    return await drainRound({
      url,
      sim,
      spaceIds: SEED.demoLiveSpaceIds,
      round: `r${round}`,
      shutdown: () => {
        closed = server.close(10_000);
      },
    });
  } finally {
    await closed;
  }
}

async function childRound(round: number): Promise<RoundResult> {
  const { child, url, exited } = await startSubgraphProcess(env);
  try {
    const result = await drainRound({
      url,
      sim,
      spaceIds: SEED.demoLiveSpaceIds,
      round: `r${round}`,
      shutdown: () => child.kill('SIGTERM'),
    });
    const [code] = await exited;
    if (code !== 0) exitCodes++;
    return result;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    const result = round % 2 === 1 ? await childRound(round) : await inProcessRound(round);
    for (const o of result.outcomes) {
      const key = o.status === undefined ? `error ${o.error}` : `HTTP ${o.status} connection:${o.connection}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    violations.push(...drainViolations(result).map((v) => `round ${round}: ${v}`));
  }
} finally {
  busy.kill('SIGKILL');
  await sim.close();
}

console.log(`drain soak: ${ROUNDS} rounds × 50 requests (10 mutations), 1 busy core`);
console.table(Object.fromEntries(tally));
console.log(`mutations applied upstream: ${sim.stats().mutations.length}; child exits ≠ 0: ${exitCodes}`);
console.log(violations.length === 0 ? 'no violation' : violations.join('\n'));
process.exit(violations.length === 0 && exitCodes === 0 ? 0 : 1);
