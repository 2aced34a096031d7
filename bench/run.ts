/**
 * `npm run bench`: the subgraph against its peers, side by side in one run — direct to the Boomi
 * simulator, Hive Gateway proxy mode (with and without de-duplication), a minimal graphql-yoga +
 * wrapSchema over buildHTTPExecutor, and the subgraph (with the governor sized to the load and with
 * its defaults). Every server runs in its own process; autocannon runs in this one. All on 127.0.0.1.
 *
 * Query mix (bench/workload.ts) in two modes: repeated (identical requests) and unique (every request
 * distinct). Reports req/s, p50/p99, CPU ms per request of each process (from /proc), upstream requests
 * per client request (simulator stats), peak RSS, and ratios per round with their median over an odd
 * number of rounds. `npm run bench -- --ci` (or BENCH_CI=1) is the short mode that checks ratio
 * floors (bench/ratios.ts; BENCH_MIN_RATIO adds a floor of req/s subgraph ÷ direct), never absolute times.
 *
 * Environment: BENCH_DURATION (s per measured run; 5, CI 2), BENCH_WARMUP (s; 2, CI 1), BENCH_ROUNDS
 * (odd; 3), BENCH_CONNECTIONS (32), BENCH_TARGETS / BENCH_QUERIES / BENCH_MODES (comma-separated subsets),
 * BENCH_BASELINE (another checkout, run as the target `subgraph (baseline)`: before/after a change in one run).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { type LoadSettings, type Measurement, measure, preflight } from './measure.ts';
import { oddRounds } from './median.ts';
import { machineLoad, peakRssMiB } from './proc-stats.ts';
import { CI_THRESHOLDS, failedThresholds, ratiosOf, type Threshold } from './ratios.ts';
import { renderReport } from './report.ts';
import { DEFAULT_TARGET_NAMES, startPeers, TARGET_NAMES, type TargetName } from './targets.ts';
import { benchQueries, type Fixture } from './workload.ts';

const ci = process.argv.includes('--ci') || process.env.BENCH_CI === '1';
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const settings: LoadSettings = {
  duration: Number(process.env.BENCH_DURATION ?? (ci ? 2 : 5)),
  warmup: Number(process.env.BENCH_WARMUP ?? (ci ? 1 : 2)),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
};
const rounds = oddRounds(Number(process.env.BENCH_ROUNDS ?? 3));
const targetNames = (list(process.env.BENCH_TARGETS) ??
  (ci ? ['direct', 'subgraph', 'hive-gateway'] : [...DEFAULT_TARGET_NAMES])) as TargetName[];
const queryNames = list(process.env.BENCH_QUERIES) ?? (ci ? ['plain list', 'nested + computed'] : undefined);
const modeNames = list(process.env.BENCH_MODES);
const modesOf = <M extends string>(query: { modes: readonly M[] }): M[] =>
  query.modes.filter((mode) => !modeNames || modeNames.includes(mode));

/** The CI floors, plus BENCH_MIN_RATIO as a floor of req/s subgraph ÷ direct on the repeated plain list. */
function thresholds(): Threshold[] {
  if (!targetNames.includes('subgraph')) return [];
  const all = [...CI_THRESHOLDS];
  if (process.env.BENCH_MIN_RATIO !== undefined) {
    const min = Number(process.env.BENCH_MIN_RATIO);
    all.push({ query: 'plain list', mode: 'repeated', ratio: 'req/s subgraph ÷ direct', min });
  }
  return all;
}

async function fixture(simUrl: string, headers: Record<string, string>): Promise<Fixture> {
  const response = await fetch(`${simUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: '{ spaces { id name } }' }),
  });
  const spaces = ((await response.json()) as { data: { spaces: Array<{ id: string; name: string }> } }).data
    .spaces;
  return { spaceIds: spaces.map((s) => s.id), mutationSpace: spaces[0]! };
}

async function main(): Promise<void> {
  for (const name of targetNames) {
    if (!TARGET_NAMES.includes(name))
      throw new Error(`BENCH_TARGETS: unknown target ${JSON.stringify(name)}`);
  }
  const loadBefore = machineLoad();
  const peers = await startPeers(targetNames, settings.connections);
  try {
    // The simulator's own headers: the fixture is read even when `direct` is not among the targets.
    const fix = await fixture(peers.simulator.url, peers.simulator.headers);
    const queries = benchQueries(fix).filter((q) => !queryNames || queryNames.includes(q.name));
    for (const query of queries)
      for (const mode of modesOf(query)) for (const t of peers.targets) await preflight(t, query, mode);
    process.stdout.write(
      `bench: ${peers.targets.map((t) => t.name).join(', ')}; ${settings.connections} connections; ` +
        `${settings.warmup}s warm-up + ${settings.duration}s per run; ${rounds} round(s); load ${loadBefore.load1} on ${loadBefore.cores} cores\n`,
    );
    const simulator = { url: peers.simulator.url, pid: peers.simulator.process.child.pid! };
    const measured: Measurement[][] = [];
    for (let round = 0; round < rounds; round++) {
      const results: Measurement[] = [];
      // Rotate the order each round, so drift in the machine's load does not favour one target.
      const order = peers.targets.map((_, i) => peers.targets[(i + round) % peers.targets.length]!);
      for (const query of queries) {
        for (const mode of modesOf(query)) {
          for (const target of order) {
            const m = await measure(target, simulator, query, mode, settings);
            results.push(m);
            process.stdout.write(
              `round ${round + 1} ${query.name} (${mode}) ${target.name}: ${m.reqPerSec} req/s, ${m.cpuMsPerRequest.toFixed(2)} ms CPU/req, ${m.upstreamPerRequest.toFixed(2)} upstream/req\n`,
            );
          }
        }
      }
      measured.push(results);
    }
    const ratios = ratiosOf(measured);
    const rss = Object.fromEntries(
      [
        { name: 'simulator', process: peers.simulator.process },
        ...peers.targets.filter((t) => t.name !== 'direct'),
      ].map((t) => [t.name, peakRssMiB(t.process.child.pid!)]),
    );
    const loadAfter = machineLoad();
    const report = renderReport({ measured, ratios, rss, settings, rounds, load: [loadBefore, loadAfter] });
    process.stdout.write(`\n${report}`);
    await mkdir('bench/results', { recursive: true });
    const at = new Date().toISOString();
    await writeFile('bench/results/latest.md', report);
    await writeFile(
      'bench/results/latest.json',
      `${JSON.stringify({ at, settings, rounds, load: [loadBefore, loadAfter], measured, ratios, rss }, null, 2)}\n`,
    );
    if (measured.flat().some((m) => m.failed > 0)) {
      process.stdout.write('bench: some requests failed; the figures are not comparable\n');
      process.exitCode = 1;
    }
    if (ci || process.env.BENCH_MIN_RATIO !== undefined) {
      const failed = failedThresholds(ratios, thresholds());
      for (const line of failed) process.stdout.write(`bench: below threshold: ${line}\n`);
      if (failed.length > 0) process.exitCode = 1;
      else process.stdout.write('bench: every ratio threshold met\n');
    }
  } finally {
    await peers.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
