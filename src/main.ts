import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './observability/logger.ts';
import { startupVerdict } from './observability/startup-check.ts';
import { startTracing } from './observability/tracing.ts';
import { createSubgraphServer } from './server.ts';
import { startSimulator } from './simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from './simulator/seed.ts';

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
  // Before the server exists, so every span it starts goes to the registered provider.
  const tracing = startTracing();

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

  const server = await createSubgraphServer({ config, logger });
  const { url } = await server.listen();
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
      { mode: 'production', subgraph: url, upstream: config.boomi.graphqlUrl, tracing: Boolean(tracing) },
      'spaces-subgraph is running',
    );
  }
  const verdict = startupVerdict(await server.readiness.start(), config.observability.strictStartup);
  if (verdict.action === 'warn') logger.warn({ startup: true }, verdict.message);
  if (verdict.action === 'exit') {
    logger.fatal({ startup: true }, verdict.message);
    process.stderr.write(`spaces-subgraph: ${verdict.message}\n`);
    await server.close(0);
    await tracing?.shutdown();
    process.exit(1);
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
      await tracing?.shutdown();
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
  process.stderr.write(
    `spaces-subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
