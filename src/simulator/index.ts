/**
 * The embedded Boomi platform simulator: JWT endpoint, Spaces GraphQL API over an in-memory seed,
 * rate limiting, fault injection and stats. See docs/simulator.md.
 */
import type { AddressInfo } from 'node:net';
import { parseFaultConfig } from './fault-config.ts';
import { createFaultEngine } from './fault-engine.ts';
import { resolveOptions } from './options.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createRootValue } from './root-value.ts';
import type { SimRuntime } from './runtime.ts';
import { buildSimulatorSchema } from './schema.ts';
import { createSeedState } from './seed.ts';
import { createSimulatorServer } from './server.ts';
import { createStats } from './stats.ts';
import type { FaultConfig, RunningSimulator, SimulatorOptions } from './types.ts';

export { DEFAULT_SANDBOX_CREDENTIALS, SEED, SEED_USERS } from './seed.ts';
export type {
  ErrorStyle,
  FaultConfig,
  MutationLogEntry,
  RunningSimulator,
  SimulatorOptions,
  SimulatorStats,
  SimulatorUser,
} from './types.ts';

/** Starts a simulator; resolves once it listens. Throws on invalid options or a busy port. */
export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const schema = buildSimulatorSchema(resolved.spaceQueryFields);
  const rootFieldNames = new Set([
    ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    '__schema',
    '__type',
    '__typename',
  ]);
  const rt: SimRuntime = {
    options: resolved,
    state: createSeedState(),
    schema,
    rootFieldNames,
    rootValue: createRootValue(),
    faults: createFaultEngine(resolved.faults),
    stats: createStats(),
    limiter: createRateLimiter({
      maxConcurrentPerAccount: resolved.maxConcurrentPerAccount,
      requestsPerSecond: resolved.requestsPerSecond,
    }),
    baseUrl: '',
  };
  const reset = () => {
    rt.state = createSeedState();
    rt.stats.reset();
    rt.limiter.reset();
    rt.faults.set({});
  };
  const server = createSimulatorServer(rt, { reset });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host}:${port}`;
  rt.baseUrl = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    authUrl: `${url}/auth/jwt/generate`,
    port,
    setFaults(faults: FaultConfig) {
      const parsed = parseFaultConfig(faults);
      if (!parsed.ok) throw new Error(`setFaults: ${parsed.error}`);
      rt.faults.set(parsed.value);
    },
    stats: () => rt.stats.snapshot(),
    reset,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
