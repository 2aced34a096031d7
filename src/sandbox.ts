import type { Config } from './config.ts';
import type { GraphiQLExamples } from './graphiql/default-tabs.ts';

/** The embedded simulator main.ts runs in sandbox mode, and what the subgraph needs to use it. */
export interface Sandbox {
  /** The configuration pointed at the simulator, with its demo credentials. */
  config: Config;
  /** Records of the simulator's seed, so GraphiQL's example tabs run as they open. */
  graphiqlExamples: GraphiQLExamples;
  /** The simulator's own origin (its admin and stats endpoints). */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the embedded Boomi simulator. The simulator and its seed data are loaded here, on demand, so a
 * production start never imports them nor builds the seed (#14 item 8; test/unit/main-imports.test.ts).
 */
export async function startSandbox(config: Config): Promise<Sandbox> {
  const { startSimulator, DEFAULT_SANDBOX_CREDENTIALS, SEED } = await import('./simulator/index.ts');
  const simulator = await startSimulator({ port: 0, jwtLifetimeSeconds: config.sandbox.jwtLifetimeSeconds });
  return {
    config: {
      ...config,
      boomi: {
        ...config.boomi,
        ...DEFAULT_SANDBOX_CREDENTIALS,
        graphqlUrl: simulator.graphqlUrl,
        authUrl: simulator.authUrl,
      },
    },
    graphiqlExamples: { spaceId: SEED.demoLiveSpaceIds[0], freeAccountGroupId: SEED.freeAccountGroupIds[0] },
    url: simulator.url,
    close: () => simulator.close(),
  };
}
