import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
import { imageNodeOptions } from './image-node-options.ts';
import { freePort, type ServiceProcess, startService, waitForOk } from './processes.ts';
import type { Dialect } from './workload.ts';

/** One server the load is sent to, running in its own process. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  dialect: Dialect;
  process: ServiceProcess;
}

/** The simulator and every peer, started as separate processes. */
export interface Peers {
  /** The simulator, and the headers (with a JWT) to call it directly. */
  simulator: { url: string; process: ServiceProcess; headers: Record<string, string> };
  targets: Target[];
  stop(): Promise<void>;
}

/** Every target the bench knows; BENCH_TARGETS (comma-separated names) picks a subset. */
export const TARGET_NAMES = [
  'direct',
  'subgraph',
  'subgraph (governor defaults)',
  'subgraph (pass-through off)',
  'hive-gateway',
  'hive-gateway (dedup off)',
  'yoga+wrapSchema',
  'subgraph (baseline)',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The subgraph as it ships (`npm run build`, `node dist/main.js`); BENCH_SUBGRAPH_ENTRY=src/main.ts runs it through tsx. */
const SUBGRAPH_ENTRY = process.env.BENCH_SUBGRAPH_ENTRY ?? 'dist/main.js';

/**
 * Another checkout of this project (BENCH_BASELINE, e.g. a `git worktree` of main) whose subgraph runs
 * as the target `subgraph (baseline)`, configured as `subgraph`: before/after a change, side by side.
 */
export const BASELINE_DIR = process.env.BENCH_BASELINE;

/** The targets of a full run: all of them, the baseline only when BENCH_BASELINE names one. */
export const DEFAULT_TARGET_NAMES: readonly TargetName[] = TARGET_NAMES.filter(
  (name) => name !== 'subgraph (baseline)' || BASELINE_DIR !== undefined,
);

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

async function mintJwt(authUrl: string): Promise<string> {
  const { accountId, username, apiToken } = DEFAULT_SANDBOX_CREDENTIALS;
  const basic = Buffer.from(`BOOMI_TOKEN.${username}:${apiToken}`).toString('base64');
  const response = await fetch(`${authUrl}/${accountId}`, { headers: { authorization: `Basic ${basic}` } });
  if (!response.ok) throw new Error(`JWT mint failed: HTTP ${response.status}`);
  return (await response.text()).trim();
}

/** Polls a GraphQL endpoint with `{ __typename }` until it answers 200. */
async function waitForGraphQL(url: string, service: ServiceProcess, headers: Record<string, string>) {
  for (let i = 0; i < 300; i++) {
    if (service.child.exitCode !== null) {
      throw new Error(`${url}: service exited with ${service.child.exitCode}:\n${service.output.join('')}`);
    }
    const ok = await fetch(url, { method: 'POST', headers, body: '{"query":"{ __typename }"}' }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer:\n${service.output.join('')}`);
}

function subgraphEnv(simUrl: string, port: number, extra: Record<string, string>): Record<string, string> {
  return {
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    INBOUND_AUTH: 'none',
    BOOMI_GRAPHQL_URL: `${simUrl}/graphql`,
    BOOMI_AUTH_URL: `${simUrl}/auth/jwt/generate`,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // The runtime flags of the image (its heap cap); BENCH_NODE_OPTIONS overrides them.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? imageNodeOptions(),
    ...extra,
  };
}

interface TargetSpec {
  entry: string;
  dialect: Dialect;
  env(simUrl: string, port: number, authorization: string): Record<string, string>;
}

function specs(connections: number): Record<Exclude<TargetName, 'direct'>, TargetSpec> {
  const peer = (extra: Record<string, string>) => (simUrl: string, port: number, authorization: string) => ({
    PORT: String(port),
    UPSTREAM_URL: `${simUrl}/graphql`,
    UPSTREAM_AUTHORIZATION: authorization,
    ...extra,
  });
  const sized = (simUrl: string, port: number) =>
    subgraphEnv(simUrl, port, { UPSTREAM_MAX_CONCURRENCY: String(connections) });
  return {
    // As many upstream slots as client connections, so the governor does not cap the comparison.
    subgraph: { entry: SUBGRAPH_ENTRY, dialect: 'subgraph', env: sized },
    // Build that checkout first when SUBGRAPH_ENTRY is its compiled entry (`npm run build` there).
    'subgraph (baseline)': {
      entry: `${BASELINE_DIR ?? '.'}/${SUBGRAPH_ENTRY}`,
      dialect: 'subgraph',
      env: sized,
    },
    'subgraph (governor defaults)': {
      entry: SUBGRAPH_ENTRY,
      dialect: 'subgraph',
      env: (simUrl, port) => subgraphEnv(simUrl, port, {}),
    },
    // The same, delegating every query: what the pass-through fast path saves (#11 item 3).
    'subgraph (pass-through off)': {
      entry: SUBGRAPH_ENTRY,
      dialect: 'subgraph',
      env: (simUrl, port) =>
        subgraphEnv(simUrl, port, {
          UPSTREAM_MAX_CONCURRENCY: String(connections),
          UPSTREAM_PASS_THROUGH: 'false',
        }),
    },
    'hive-gateway': { entry: 'bench/peers/hive-proxy.ts', dialect: 'upstream', env: peer({}) },
    'hive-gateway (dedup off)': {
      entry: 'bench/peers/hive-proxy.ts',
      dialect: 'upstream',
      env: peer({ BENCH_DEDUP: 'false' }),
    },
    'yoga+wrapSchema': { entry: 'bench/peers/yoga-wrap.ts', dialect: 'upstream', env: peer({}) },
  };
}

/** Starts the simulator and the chosen targets, each in its own process, all on 127.0.0.1. */
export async function startPeers(names: readonly TargetName[], connections: number): Promise<Peers> {
  const started: ServiceProcess[] = [];
  const stop = () => Promise.all(started.map((s) => s.stop())).then(() => undefined);
  try {
    const simPort = await freePort();
    const sim = startService('src/simulator/main.ts', {
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      // The benchmark measures throughput, not the simulated rate limit.
      SIM_MAX_CONCURRENT_PER_ACCOUNT: '100000',
      SIM_JWT_LIFETIME_SECONDS: '3600',
    });
    started.push(sim);
    const simUrl = `http://127.0.0.1:${simPort}`;
    await waitForOk(`${simUrl}/health`, sim);
    const authorization = `Bearer ${await mintJwt(`${simUrl}/auth/jwt/generate`)}`;
    const simHeaders = { ...JSON_HEADERS, authorization };
    const all = specs(connections);
    const targets: Target[] = [];
    for (const name of names) {
      if (name === 'direct') {
        targets.push({
          name,
          url: `${simUrl}/graphql`,
          headers: simHeaders,
          dialect: 'upstream',
          process: sim,
        });
        continue;
      }
      if (name === 'subgraph (baseline)' && BASELINE_DIR === undefined) {
        throw new Error('BENCH_TARGETS: "subgraph (baseline)" needs BENCH_BASELINE (another checkout)');
      }
      const spec = all[name];
      const port = await freePort();
      const service = startService(spec.entry, spec.env(simUrl, port, authorization));
      started.push(service);
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForGraphQL(url, service, JSON_HEADERS);
      targets.push({ name, url, headers: JSON_HEADERS, dialect: spec.dialect, process: service });
    }
    return { simulator: { url: simUrl, process: sim, headers: simHeaders }, targets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
