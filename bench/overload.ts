/**
 * `npm run bench:overload` (#8, failure mode 7): 2,000 concurrent clients against a 500 ms upstream and the
 * default governor (4 slots, 10 s queue wait), with load shedding on and off side by side in one run.
 * Prints, per variant: how long the overflow waits for its RATE_LIMITED answer (p50/p99), how long the
 * served requests take, and /health latency sampled during the storm. Each service runs in its own
 * process, all on 127.0.0.1; clients arrive over about one second. Then the fast-fail latency while the circuit
 * breaker is open, next to /health latency. Environment: OVERLOAD_CLIENTS (default 2000), OVERLOAD_LATENCY_MS (500).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
import { freePort, type ServiceProcess, startService, waitForOk } from './processes.ts';

const clients = Number(process.env.OVERLOAD_CLIENTS ?? 2000);
const latencyMs = Number(process.env.OVERLOAD_LATENCY_MS ?? 500);
const QUERY = JSON.stringify({ query: '{ spaces { id } }' });

interface Figures {
  variant: string;
  ok: number;
  rateLimited: number;
  other: number;
  rejectP50: number;
  rejectP99: number;
  okP50: number;
  healthP50: number;
  healthP99: number;
  healthFailures: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

async function storm(base: string, variant: string): Promise<Figures> {
  const dispatcher = new Agent({ connections: clients + 10, connectTimeout: 30_000 });
  const rejectMs: number[] = [];
  const okMs: number[] = [];
  const healthMs: number[] = [];
  let other = 0;
  let storming = true;
  let healthFailures = 0;
  // Liveness is probed over its own kept-alive connection, opened before the storm (as a kubelet would).
  const probe = new Agent({ connections: 1 });
  await undiciFetch(`${base}/health`, { dispatcher: probe }).then((r) => r.text());
  const health = (async () => {
    while (storming) {
      const t0 = performance.now();
      try {
        await undiciFetch(`${base}/health`, { dispatcher: probe, signal: AbortSignal.timeout(10_000) }).then(
          (r) => r.text(),
        );
        healthMs.push(performance.now() - t0);
      } catch {
        healthFailures++;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      // Arrive over ~1 s (200 per 100 ms): 2,000 connects at once overflow the listen backlog (511), and
      // the kernel's SYN retries (1 s, 3 s, 7 s…) would be measured instead of the subgraph.
      await new Promise((r) => setTimeout(r, Math.floor(index / 200) * 100));
      const t0 = performance.now();
      try {
        const response = await undiciFetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: QUERY,
          dispatcher,
        });
        const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        const code = body.errors?.[0]?.extensions?.code;
        if (code === undefined) okMs.push(performance.now() - t0);
        else if (code === 'RATE_LIMITED') rejectMs.push(performance.now() - t0);
        else other++;
      } catch {
        other++;
      }
    }),
  );
  storming = false;
  await health;
  await dispatcher.close();
  await probe.close();
  return {
    variant,
    ok: okMs.length,
    rateLimited: rejectMs.length,
    other,
    rejectP50: percentile(rejectMs, 50),
    rejectP99: percentile(rejectMs, 99),
    okP50: percentile(okMs, 50),
    healthP50: percentile(healthMs, 50),
    healthP99: percentile(healthMs, 99),
    healthFailures,
  };
}

async function run(shedding: boolean, simUrl: string, services: ServiceProcess[]): Promise<Figures> {
  const port = await freePort();
  const subgraph = startService('src/main.ts', {
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    INBOUND_AUTH: 'none',
    BOOMI_GRAPHQL_URL: `${simUrl}/graphql`,
    BOOMI_AUTH_URL: `${simUrl}/auth/jwt/generate`,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'error',
    UPSTREAM_SHEDDING: String(shedding),
  });
  services.push(subgraph);
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/ready`, subgraph);
  // Warm-up: the governor learns how long a slot is held.
  await Promise.all(
    Array.from({ length: 8 }, () =>
      undiciFetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY,
      }).then((r) => r.text()),
    ),
  );
  const figures = await storm(base, shedding ? 'shedding on (default)' : 'shedding off');
  await subgraph.stop();
  return figures;
}

/**
 * Fast failing while the GraphQL breaker is open (moved here from the breaker scenario, which now counts):
 * the upstream port is closed, 5 refused attempts open the breaker, then 100 queries are timed, side by side
 * with 100 `/health` calls of the same process.
 */
async function breakerFastFail(simUrl: string, services: ServiceProcess[]): Promise<string> {
  const port = await freePort();
  const deadPort = await freePort();
  const subgraph = startService('src/main.ts', {
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    BOOMI_GRAPHQL_URL: `http://127.0.0.1:${deadPort}/graphql`,
    BOOMI_AUTH_URL: `${simUrl}/auth/jwt/generate`,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'error',
    BREAKER_OPEN_MS: '600000',
  });
  services.push(subgraph);
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/health`, subgraph);
  const post = () =>
    undiciFetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY,
    }).then((r) => r.text());
  for (let i = 0; i < 10; i++) await post(); // opens the breaker, then warms the fast-fail path up
  const timed = async (run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await run();
      samples.push(performance.now() - t0);
    }
    return samples;
  };
  const fastFail = await timed(post);
  const health = await timed(() => undiciFetch(`${base}/health`).then((r) => r.text()));
  await subgraph.stop();
  const ratio = percentile(fastFail, 50) / Math.max(1, percentile(health, 50));
  return `breaker open: fast-fail p50 ${percentile(fastFail, 50)} ms / p99 ${percentile(fastFail, 99)} ms; /health p50 ${percentile(health, 50)} ms / p99 ${percentile(health, 99)} ms (fast-fail p50 / health p50 = ${ratio.toFixed(1)})\n`;
}

async function main(): Promise<void> {
  const services: ServiceProcess[] = [];
  try {
    const simPort = await freePort();
    const simulator = startService('src/simulator/main.ts', {
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      SIM_MAX_CONCURRENT_PER_ACCOUNT: '100000',
      SIM_FAULTS: JSON.stringify({ latencyMs, operations: ['spaces'] }),
    });
    services.push(simulator);
    const simUrl = `http://127.0.0.1:${simPort}`;
    await waitForOk(`${simUrl}/health`, simulator);
    process.stdout.write(
      `overload: ${clients} concurrent clients, upstream latency ${latencyMs} ms, default governor\n`,
    );
    const rows = [await run(false, simUrl, services), await run(true, simUrl, services)];
    process.stdout.write(
      `\n| variant | ok | RATE_LIMITED | other | RATE_LIMITED after p50/p99 ms | ok p50 ms | /health p50/p99 ms (failed) |\n|---|---:|---:|---:|---:|---:|---:|\n${rows
        .map(
          (r) =>
            `| ${r.variant} | ${r.ok} | ${r.rateLimited} | ${r.other} | ${r.rejectP50} / ${r.rejectP99} | ${r.okP50} | ${r.healthP50} / ${r.healthP99} (${r.healthFailures}) |`,
        )
        .join('\n')}\n`,
    );
    process.stdout.write(`\n${await breakerFastFail(simUrl, services)}`);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
}

await main();
