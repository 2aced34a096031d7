import { primaryAccount } from './accounts/accounts-setting.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './observability/logger.ts';
import { startupVerdict } from './observability/startup-check.ts';
import { startTracing } from './observability/tracing.ts';
import { startSandbox } from './sandbox.ts';
import { createSubgraphServer } from './server.ts';
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
  // Before the server exists, so every span it starts goes to the registered provider.
  const tracing = startTracing();

  // Sandbox only: the simulator and its seed are imported on demand (src/sandbox.ts), never in production.
  const simulator = config.mode === 'sandbox' ? await startSandbox(config) : undefined;
  if (simulator) config = simulator.config;

  const server = await createSubgraphServer({
    config,
    logger,
    ...(simulator ? { graphiqlExamples: simulator.graphiqlExamples } : {}),
  });
  let url: string;
  let metricsUrl: string | undefined;
  try {
    ({ url, metricsUrl } = await server.listen());
  } catch (error) {
    process.stderr.write(`spaces-subgraph failed to start: ${describeStartupError(error, config)}\n`);
    await simulator?.close();
    process.exit(1);
  }
  const metricsShown = metricsUrl ?? url.replace(/\/graphql$/, '/metrics');
  // inbound security (#9): the start-up log names the front door's settings (never a secret).
  const front = {
    inboundAuth: config.security.inboundAuth.method,
    introspection: config.security.introspection,
  };
  if (simulator) {
    const fields = { mode: 'sandbox', sandbox: true, subgraph: url, simulator: simulator.url, ...front };
    const message =
      'spaces-subgraph is running in SANDBOX mode against the embedded Boomi simulator (no Boomi credentials configured)';
    if (config.security.sandboxInProduction) {
      logger.warn({ ...fields, nodeEnv: 'production' }, `${message}; SANDBOX=true under NODE_ENV=production`);
    } else {
      logger.info({ ...fields, account: config.boomi.accountId }, message);
    }
    process.stdout.write(
      `\n  spaces-subgraph (sandbox)\n` +
        `  GraphQL + GraphiQL : ${url}\n` +
        `  Boomi simulator    : ${simulator.url}  (stats: ${simulator.url}/__sim/stats)\n` +
        `  Health / ready     : ${url.replace(/\/graphql$/, '/health')} , ${url.replace(/\/graphql$/, '/ready')}\n` +
        `  Metrics            : ${metricsShown}\n\n` +
        `  Try it:\n  curl -s ${url} -H 'content-type: application/json' \\\n` +
        `    -d '{"query":"{ spaces { id name guid createdAt accountGroup { name } } }"}'\n\n`,
    );
  } else {
    logger.info(
      {
        mode: 'production',
        subgraph: url,
        upstream: config.boomi.graphqlUrl,
        ...(config.accounts
          ? { accounts: config.accounts.list.map((a) => a.name), defaultAccount: config.accounts.defaultName }
          : {}),
        metrics: metricsShown,
        tracing: Boolean(tracing),
        ...front,
      },
      'spaces-subgraph is running',
    );
  }
  // Signals are handled from the moment the port is open: a SIGTERM during the start-up check drains too.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.http.shutdownGraceMs;
    logger.info({ signal, graceMs }, 'shutting down: draining requests in flight');
    // The drain destroys what is left when the grace period ends; this is for a close that hangs after it.
    const forced = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs + 5000).unref();
    try {
      const report = await server.close(graceMs);
      await simulator?.close();
      await tracing?.shutdown();
      clearTimeout(forced);
      logger.info({ ...report }, 'stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const credentials = config.accounts
    ? `The apiToken of account ${primaryAccount(config.accounts).name} (BOOMI_ACCOUNTS)`
    : undefined;
  const verdict = startupVerdict(
    await server.readiness.start(),
    config.observability.strictStartup,
    credentials,
  );
  if (verdict.action === 'warn') logger.warn({ startup: true }, verdict.message);
  if (verdict.action === 'exit') {
    logger.fatal({ startup: true }, verdict.message);
    process.stderr.write(`spaces-subgraph: ${verdict.message}\n`);
    await server.close(0);
    await tracing?.shutdown();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`spaces-subgraph failed to start: ${withCauses(error)}\n`);
  process.exit(1);
});
