import autocannon from 'autocannon';
import { cpuMs } from './proc-stats.ts';
import type { Target } from './targets.ts';
import type { BenchQuery, Mode } from './workload.ts';

/** What one target did with one query in one mode, in one round. */
export interface Measurement {
  target: string;
  query: string;
  mode: Mode;
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  /** CPU of the target's process per client request (the simulator's own for `direct`). */
  cpuMsPerRequest: number;
  /** CPU of the simulator per client request. */
  simulatorCpuMsPerRequest: number;
  /** Upstream GraphQL requests the simulator saw per client request. */
  upstreamPerRequest: number;
}

export interface LoadSettings {
  duration: number;
  warmup: number;
  connections: number;
}

async function simulatorRequests(simUrl: string): Promise<number> {
  const response = await fetch(`${simUrl}/__sim/stats`);
  const stats = (await response.json()) as { graphqlRequests: number };
  return stats.graphqlRequests;
}

/** Responses of one load that carried GraphQL errors, and the first of them (for the report). */
export interface GraphQLErrorCount {
  count: number;
  first?: string;
}

/**
 * Runs the load once (unique bodies in unique mode, numbered from `sequence`); responses whose body
 * holds GraphQL errors are counted in `errors` (an HTTP 200 with errors is a failure too).
 */
function load(
  target: Target,
  query: BenchQuery,
  mode: Mode,
  seconds: number,
  settings: LoadSettings,
  errors: GraphQLErrorCount = { count: 0 },
) {
  let k = Math.floor(Math.random() * 1e9);
  const body = query.body(target.dialect, undefined);
  const onResponse = (_status: number, text: string) => {
    if (!text.includes('"errors":')) return;
    errors.count++;
    errors.first ??= text.slice(0, 400);
  };
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body,
    connections: query.connections ?? settings.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      mode === 'unique'
        ? { onResponse, setupRequest: (request) => ({ ...request, body: query.body(target.dialect, k++) }) }
        : { onResponse },
    ],
  });
}

/** Warms up, then measures throughput, latency, CPU per request and upstream requests per request. */
export async function measure(
  target: Target,
  simulator: { url: string; pid: number },
  query: BenchQuery,
  mode: Mode,
  settings: LoadSettings,
): Promise<Measurement> {
  await load(target, query, mode, settings.warmup, settings);
  const pid = target.process.child.pid!;
  const before = {
    cpu: cpuMs(pid),
    sim: cpuMs(simulator.pid),
    upstream: await simulatorRequests(simulator.url),
  };
  const errors: GraphQLErrorCount = { count: 0 };
  const result = await load(target, query, mode, settings.duration, settings, errors);
  if (errors.first !== undefined) {
    process.stdout.write(
      `bench: ${target.name} answered ${errors.count} requests with errors, e.g. ${errors.first}\n`,
    );
  }
  const cpu = cpuMs(pid) - before.cpu;
  const simCpu = cpuMs(simulator.pid) - before.sim;
  const upstream = (await simulatorRequests(simulator.url)) - before.upstream;
  const requests = Math.max(1, result.requests.total);
  return {
    target: target.name,
    query: query.name,
    mode,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts + errors.count,
    cpuMsPerRequest: cpu / requests,
    simulatorCpuMsPerRequest: simCpu / requests,
    upstreamPerRequest: upstream / requests,
  };
}

/** Sends one request of each kind first: a query a target cannot answer would make its figures meaningless. */
export async function preflight(target: Target, query: BenchQuery, mode: Mode): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: target.headers,
    body: query.body(target.dialect, mode === 'unique' ? 0 : undefined),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { errors?: unknown[]; data?: unknown };
  if (!response.ok || body.errors || !body.data) {
    throw new Error(
      `${target.name} cannot answer "${query.name}" (${mode}): HTTP ${response.status} ${text.slice(0, 300)}`,
    );
  }
}
