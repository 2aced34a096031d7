/**
 * `npm run bench`: `{ spaces { id name } }` directly against the Boomi simulator and through the
 * subgraph, side by side in one run, each service in its own process, all on 127.0.0.1.
 *
 * Prints req/s, p50 and p99 latency for both and the ratio subgraph/direct.
 * Environment: BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (default 32),
 * BENCH_WARMUP (seconds, default 3), BENCH_ROUNDS (alternating direct/subgraph rounds, default 3; the
 * round with the median ratio is reported), BENCH_MIN_RATIO (exit 1 below it; default: report only).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import autocannon, { type Result } from 'autocannon';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
import { freePort, type ServiceProcess, startService, waitForOk } from './processes.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const minRatio = process.env.BENCH_MIN_RATIO === undefined ? undefined : Number(process.env.BENCH_MIN_RATIO);
const QUERY = JSON.stringify({ query: '{ spaces { id name } }' });

interface Row {
  target: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Result> {
  const options = { url, method: 'POST' as const, headers, body: QUERY, connections, timeout: 10 };
  await autocannon({ ...options, duration: warmup });
  return autocannon({ ...options, duration });
}

function row(target: string, result: Result): Row {
  return {
    target,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function mintJwt(authUrl: string): Promise<string> {
  const { accountId, username, apiToken } = DEFAULT_SANDBOX_CREDENTIALS;
  const basic = Buffer.from(`BOOMI_TOKEN.${username}:${apiToken}`).toString('base64');
  const response = await fetch(`${authUrl}/${accountId}`, { headers: { authorization: `Basic ${basic}` } });
  if (!response.ok) throw new Error(`JWT mint failed: HTTP ${response.status}`);
  return (await response.text()).trim();
}

async function main(): Promise<void> {
  const services: ServiceProcess[] = [];
  try {
    const simPort = await freePort();
    const simulator = startService('src/simulator/main.ts', {
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      // The benchmark measures throughput, not the simulated rate limit.
      SIM_MAX_CONCURRENT_PER_ACCOUNT: '100000',
      SIM_JWT_LIFETIME_SECONDS: '3600',
    });
    services.push(simulator);
    const simUrl = `http://127.0.0.1:${simPort}`;
    await waitForOk(`${simUrl}/health`, simulator);

    const subgraphPort = await freePort();
    const subgraph = startService('src/main.ts', {
      BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
      BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
      BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
      BOOMI_GRAPHQL_URL: `${simUrl}/graphql`,
      BOOMI_AUTH_URL: `${simUrl}/auth/jwt/generate`,
      HOST: '127.0.0.1',
      PORT: String(subgraphPort),
      LOG_LEVEL: 'warn',
      // Credentials make the service hardened: inbound auth must be explicit (docs/security.md).
      INBOUND_AUTH: 'none',
      // As many upstream slots as client connections, so the governor does not cap the comparison.
      UPSTREAM_MAX_CONCURRENCY: String(connections),
    });
    services.push(subgraph);
    const subgraphUrl = `http://127.0.0.1:${subgraphPort}`;
    await waitForOk(`${subgraphUrl}/ready`, subgraph);

    const jwt = await mintJwt(`${simUrl}/auth/jwt/generate`);
    const json = { 'content-type': 'application/json', accept: 'application/json' };

    process.stdout.write(
      `bench: { spaces { id name } }, ${connections} connections, ${warmup}s warm-up + ${duration}s per target, ${rounds} round(s)\n`,
    );
    // Alternate the targets so drift in the machine's load affects both alike; report the median round.
    const measured: Array<{ direct: Row; through: Row; ratio: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      const direct = row(
        'direct (simulator)',
        await load(`${simUrl}/graphql`, { ...json, authorization: `Bearer ${jwt}` }),
      );
      const through = row('through subgraph', await load(`${subgraphUrl}/graphql`, json));
      const ratio = through.reqPerSec / direct.reqPerSec;
      measured.push({ direct, through, ratio });
      process.stdout.write(
        `round ${round}: direct ${direct.reqPerSec} req/s, subgraph ${through.reqPerSec} req/s, ratio ${ratio.toFixed(2)}\n`,
      );
    }
    const sorted = [...measured].sort((a, b) => a.ratio - b.ratio);
    const { direct, through, ratio } = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const failed = measured.some((m) => [m.direct, m.through].some((r) => r.non2xx > 0 || r.errors > 0));
    const rows = [direct, through];
    process.stdout.write(
      `\n| target | req/s | p50 ms | p99 ms | requests | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|---:|\n${rows
        .map(
          (r) =>
            `| ${r.target} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${r.errors} |`,
        )
        .join(
          '\n',
        )}\n\nratio subgraph/direct (req/s), median round: ${ratio.toFixed(2)} (all rounds: ${measured
        .map((m) => m.ratio.toFixed(2))
        .join(', ')})\n`,
    );
    await mkdir('bench/results', { recursive: true });
    await writeFile(
      'bench/results/latest.json',
      `${JSON.stringify({ at: new Date().toISOString(), connections, duration, rounds: measured, rows, ratio }, null, 2)}\n`,
    );
    if (failed) {
      process.stdout.write('bench: some requests failed; the figures are not comparable\n');
      process.exitCode = 1;
    }
    if (minRatio !== undefined && ratio < minRatio) {
      process.stdout.write(`bench: ratio ${ratio.toFixed(2)} is below BENCH_MIN_RATIO=${minRatio}\n`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
