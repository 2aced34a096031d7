/**
 * `npm run simulator`: starts the simulator from SIM_* environment variables (docs/simulator.md),
 * prints its URLs and the demo credentials, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { EnvConfigError, simulatorOptionsFromEnv } from './env-config.ts';
import { startSimulator } from './index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS, SEED } from './seed.ts';
import type { SimulatorOptions } from './types.ts';

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = simulatorOptionsFromEnv(process.env);
  } catch (error) {
    if (error instanceof EnvConfigError) {
      console.error(`simulator: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const sim = await startSimulator(options);
  // Handlers first, so a signal arriving right after start-up is handled. `on`, not `once`: tsx's
  // loader re-raises a signal that no listener is left for, which would kill us mid-close.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator: ${signal} received, closing`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The demo API token is a public fixture of the simulator (not a real credential), so printing it is fine.
  console.log(
    [
      `Boomi platform simulator listening on ${sim.url}`,
      `  GraphQL : POST ${sim.graphqlUrl}`,
      `  JWT     : GET  ${sim.authUrl}/${DEFAULT_SANDBOX_CREDENTIALS.accountId}  (Basic BOOMI_TOKEN.<username> : <api token>)`,
      `  control : ${sim.url}/__sim/stats · ${sim.url}/__sim/faults · POST ${sim.url}/__sim/reset · ${sim.url}/health`,
      `  demo account : ${DEFAULT_SANDBOX_CREDENTIALS.accountId}`,
      `  demo user    : ${DEFAULT_SANDBOX_CREDENTIALS.username}`,
      `  demo token   : ${DEFAULT_SANDBOX_CREDENTIALS.apiToken}`,
      `  live Spaces of the demo account: ${SEED.demoLiveSpaceIds.length}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`simulator: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
