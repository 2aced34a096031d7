/**
 * `npm run bench:timing`: the latency figures the tests no longer assert (they count events instead), as
 * ratios of the configured bound, measured in one run on this machine:
 *   - simulator latency fault: elapsed / latencyMs (≥ 1: the answer is held at least that long)
 *   - client disconnect: time until the subgraph drops its upstream request / client timeout
 *   - slow upstream: time to UPSTREAM_TIMEOUT / UPSTREAM_DEADLINE_MS
 *   - drain: time from the last answer to server.close() resolving / grace period
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createSubgraphServer } from '../src/server.ts';
import { startSimulator } from '../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';

const QUERY = JSON.stringify({ query: '{ spaces { id } }' });

async function stack(env: Record<string, string>, latencyMs: number) {
  const sim = await startSimulator({ port: 0, faults: { latencyMs } });
  const config = loadConfig({
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    BOOMI_GRAPHQL_URL: sim.graphqlUrl,
    BOOMI_AUTH_URL: sim.authUrl,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await createSubgraphServer({ config, logger: createLogger({ level: 'silent' }) });
  const { url } = await server.listen(0, '127.0.0.1');
  const post = (signal?: AbortSignal) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY,
      ...(signal ? { signal } : {}),
    });
  return {
    sim,
    server,
    post,
    close: async () => {
      await server.close(1000);
      await sim.close();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let polls = 0; polls < 10_000 && !condition(); polls++) await new Promise((r) => setTimeout(r, 1));
}

async function main(): Promise<void> {
  const rows: Array<[string, number, number]> = [];

  const sim = await startSimulator({ port: 0, faults: { latencyMs: 150 } });
  const token = await (
    await fetch(`${sim.authUrl}/${DEFAULT_SANDBOX_CREDENTIALS.accountId}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`BOOMI_TOKEN.${DEFAULT_SANDBOX_CREDENTIALS.username}:${DEFAULT_SANDBOX_CREDENTIALS.apiToken}`).toString('base64')}`,
      },
    })
  ).text();
  let started = performance.now();
  await fetch(sim.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token.trim()}` },
    body: QUERY,
  });
  rows.push(['simulator latency fault (150 ms)', performance.now() - started, 150]);
  await sim.close();

  const abortStack = await stack({}, 2000);
  started = performance.now();
  await abortStack.post(AbortSignal.timeout(200)).catch(() => undefined);
  await until(() => abortStack.sim.stats().clientAborts > 0);
  rows.push([
    'client disconnect → upstream dropped (client timeout 200 ms)',
    performance.now() - started,
    200,
  ]);
  await abortStack.close();

  const slow = await stack({ UPSTREAM_ATTEMPT_TIMEOUT_MS: '250', UPSTREAM_DEADLINE_MS: '900' }, 2000);
  started = performance.now();
  await (await slow.post()).text();
  rows.push(['slow upstream → UPSTREAM_TIMEOUT (deadline 900 ms)', performance.now() - started, 900]);
  await slow.close();

  const drain = await stack({}, 300);
  const inFlight = drain.post();
  await until(() => drain.sim.stats().graphqlRequests === 1);
  const closing = drain.server.close(5000);
  await (await inFlight).text();
  started = performance.now();
  await closing;
  rows.push(['drain after the last answer (grace 5000 ms)', performance.now() - started, 5000]);
  await drain.sim.close();

  process.stdout.write(
    'figure                                                        ms      bound   ratio\n',
  );
  for (const [name, ms, bound] of rows) {
    process.stdout.write(
      `${name.padEnd(60)} ${ms.toFixed(0).padStart(6)} ${String(bound).padStart(8)} ${(ms / bound).toFixed(2).padStart(7)}\n`,
    );
  }
}

await main();
