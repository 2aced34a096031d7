/**
 * A wrong API token at start-up: `npm run schema:check` and the service with UPSTREAM_SCHEMA=introspect
 * must say why (the auth endpoint's HTTP status), not only the catalog's client-facing text, and must
 * never print the token.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';
import { type ServiceProcess, sandboxEnv, startProcess } from '../helpers/service-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRONG_TOKEN = 'wrong-token-0123456789';
let sim: RunningSimulator;
const started: ServiceProcess[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  for (const service of started) service.killGroup();
  await sim?.close();
});

function run(args: string[], extra: Record<string, string> = {}): ServiceProcess {
  const service = startProcess(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: sandboxEnv({
      BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
      BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
      BOOMI_API_TOKEN: WRONG_TOKEN,
      INBOUND_AUTH: 'none',
      BOOMI_GRAPHQL_URL: sim.graphqlUrl,
      BOOMI_AUTH_URL: sim.authUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      // One mint attempt: the refusal is final anyway, and the test stays short.
      JWT_MINT_ATTEMPTS: '1',
      ...extra,
    }),
  });
  started.push(service);
  return service;
}

describe('a wrong BOOMI_API_TOKEN at start-up', () => {
  it('npm run schema:check prints the HTTP status of the refusal', async () => {
    const service = run(['scripts/check-upstream-schema.ts']);
    const [code] = await service.exited;
    expect(code).toBe(2);
    expect(service.output.stderr).toContain(
      'schema:check failed: The subgraph could not authenticate to the Spaces service. (cause: auth endpoint refused the credentials (HTTP 401))',
    );
    expect(service.output.stderr + service.output.stdout).not.toContain(WRONG_TOKEN);
  });

  it('the service with UPSTREAM_SCHEMA=introspect prints the HTTP status of the refusal', async () => {
    const service = run(['src/main.ts'], { UPSTREAM_SCHEMA: 'introspect', LOG_LEVEL: 'silent' });
    const [code] = await service.exited;
    expect(code).toBe(1);
    expect(service.output.stderr).toContain(
      'spaces-subgraph failed to start: The subgraph could not authenticate to the Spaces service. (cause: auth endpoint refused the credentials (HTTP 401))',
    );
    expect(service.output.stderr + service.output.stdout).not.toContain(WRONG_TOKEN);
  });
});
