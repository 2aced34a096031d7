import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
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
  simulator: { url: string; process: ServiceProcess };
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
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

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
  return {
    // As many upstream slots as client connections, so the governor does not cap the comparison.
    subgraph: {
      entry: 'src/main.ts',
      dialect: 'subgraph',
      env: (simUrl, port) => subgraphEnv(simUrl, port, { UPSTREAM_MAX_CONCURRENCY: String(connections) }),
    },
    'subgraph (governor defaults)': {
      entry: 'src/main.ts',
      dialect: 'subgraph',
      env: (simUrl, port) => subgraphEnv(simUrl, port, {}),
    },
    // The same, delegating every query: what the pass-through fast path saves (#11 item 3).
    'subgraph (pass-through off)': {
      entry: 'src/main.ts',
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
    const all = specs(connections);
    const targets: Target[] = [];
    for (const name of names) {
      if (name === 'direct') {
        const headers = { ...JSON_HEADERS, authorization };
        targets.push({ name, url: `${simUrl}/graphql`, headers, dialect: 'upstream', process: sim });
        continue;
      }
      const spec = all[name];
      const port = await freePort();
      const service = startService(spec.entry, spec.env(simUrl, port, authorization));
      started.push(service);
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForGraphQL(url, service, JSON_HEADERS);
      targets.push({ name, url, headers: JSON_HEADERS, dialect: spec.dialect, process: service });
    }
    return { simulator: { url: simUrl, process: sim }, targets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
