import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './observability/logger.ts';
import { createSubgraphServer } from './server.ts';
import { startSimulator } from './simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS, SEED } from './simulator/seed.ts';
import { describeStartupError, withCauses } from './startup-error.ts';

/** Process entry: configuration → (sandbox simulator) → subgraph → signals. Wiring only. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });

  const simulator =
    config.mode === 'sandbox'
      ? await startSimulator({ port: 0, jwtLifetimeSeconds: config.sandbox.jwtLifetimeSeconds })
      : undefined;
  if (simulator) {
    config = {
      ...config,
      boomi: {
        ...config.boomi,
        ...DEFAULT_SANDBOX_CREDENTIALS,
        graphqlUrl: simulator.graphqlUrl,
        authUrl: simulator.authUrl,
      },
    };
  }

  const server = await createSubgraphServer({
    config,
    logger,
    // Sandbox: the example tabs use records of the simulator's seed, so they run as they open.
    ...(simulator
      ? {
          graphiqlExamples: {
            spaceId: SEED.demoLiveSpaceIds[0],
            freeAccountGroupId: SEED.freeAccountGroupIds[0],
          },
        }
      : {}),
  });
  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (error) {
    process.stderr.write(`spaces-subgraph failed to start: ${describeStartupError(error, config)}\n`);
    await simulator?.close();
    process.exit(1);
  }
  if (simulator) {
    logger.info(
      { mode: 'sandbox', subgraph: url, simulator: simulator.url, account: config.boomi.accountId },
      'spaces-subgraph is running in SANDBOX mode against the embedded Boomi simulator (no Boomi credentials configured)',
    );
    process.stdout.write(
      `\n  spaces-subgraph (sandbox)\n` +
        `  GraphQL + GraphiQL : ${url}\n` +
        `  Boomi simulator    : ${simulator.url}  (stats: ${simulator.url}/__sim/stats)\n` +
        `  Health / ready     : ${url.replace(/\/graphql$/, '/health')} , ${url.replace(/\/graphql$/, '/ready')}\n` +
        `  Metrics            : ${url.replace(/\/graphql$/, '/metrics')}\n\n` +
        `  Try it:\n  curl -s ${url} -H 'content-type: application/json' \\\n` +
        `    -d '{"query":"{ spaces { id name guid createdAt accountGroup { name } } }"}'\n\n`,
    );
  } else {
    logger.info(
      { mode: 'production', subgraph: url, upstream: config.boomi.graphqlUrl },
      'spaces-subgraph is running',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests in flight');
    const forced = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000).unref();
    try {
      await server.close(10_000);
      await simulator?.close();
      clearTimeout(forced);
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`spaces-subgraph failed to start: ${withCauses(error)}\n`);
  process.exit(1);
});
