/**
 * Honest readiness (#10 item 4), each complaint of the issue reproduced: /ready said 200 with an
 * unreachable GraphQL URL until traffic opened the breaker, then flapped; gave one text for HTTP 401,
 * 404 and connection refused; minted on every probe; a refused credential started with no warning.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadinessSnapshot } from '../../src/observability/readiness-monitor.ts';
import { DEFAULT_SANDBOX_CREDENTIALS, startSimulator } from '../../src/simulator/index.ts';
import { type Stack, type StackOptions, startStack } from '../helpers/stack.ts';
import { freePort } from '../resilience/helpers.ts';

const stacks: Stack[] = [];
const children: ChildProcess[] = [];

async function stackWith(options: StackOptions): Promise<Stack> {
  const stack = await startStack(options);
  stacks.push(stack);
  return stack;
}

async function ready(stack: Stack): Promise<{ status: number; body: ReadinessSnapshot }> {
  const res = await fetch(`${stack.base}/ready`);
  return { status: res.status, body: (await res.json()) as ReadinessSnapshot };
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(stacks.map((s) => s.close()));
});

describe('/ready', () => {
  it('is 503 graphql_unreachable with an unreachable GraphQL URL and no client traffic at all', async () => {
    const port = await freePort();
    const stack = await stackWith({
      env: { BOOMI_GRAPHQL_URL: `http://127.0.0.1:${port}/graphql`, RETRY_MAX_ATTEMPTS: '1' },
    });
    const { status, body } = await ready(stack);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      ready: false,
      state: 'graphql_unreachable',
      mode: 'production',
      checks: { auth: { ok: true }, graphql: { ok: false } },
    });
    expect(body.checks.graphql.detail).toContain('ECONNREFUSED');
  });

  it('does not flap back to 200 while the GraphQL endpoint stays down (breaker half-open included)', async () => {
    const port = await freePort();
    const stack = await stackWith({
      env: {
        BOOMI_GRAPHQL_URL: `http://127.0.0.1:${port}/graphql`,
        RETRY_MAX_ATTEMPTS: '1',
        BREAKER_OPEN_MS: '50',
        READINESS_INTERVAL_MS: '100',
        READINESS_MAX_BACKOFF_MS: '100',
      },
    });
    const statuses = new Set<number>();
    // Client traffic opens the breaker; its half-open windows come and go while we keep probing.
    for (let i = 0; i < 30; i++) {
      await stack.query('{ spaces { id } }');
      statuses.add((await ready(stack)).status);
      await sleep(20);
    }
    expect([...statuses]).toEqual([503]);
  });

  it('tells a refused API token (HTTP 401) apart, naming the variables', async () => {
    const stack = await stackWith({ env: { BOOMI_API_TOKEN: 'wrong', JWT_MINT_ATTEMPTS: '1' } });
    const { status, body } = await ready(stack);
    expect(status).toBe(503);
    expect(body.state).toBe('credentials_refused');
    expect(body.checks.auth.detail).toBe(
      'Boomi refused the credentials (HTTP 401): check BOOMI_ACCOUNT_ID, BOOMI_USERNAME and BOOMI_API_TOKEN',
    );
  });

  it('tells a wrong auth URL (HTTP 404) and a refused connection apart from refused credentials', async () => {
    const other = await startSimulator({ port: 0 });
    try {
      const wrongPath = await stackWith({
        env: { BOOMI_AUTH_URL: `${other.url}/nope`, JWT_MINT_ATTEMPTS: '1' },
      });
      const notFound = await ready(wrongPath);
      expect(notFound.status).toBe(503);
      expect(notFound.body.state).toBe('auth_unreachable');
      expect(notFound.body.checks.auth.detail).toBe('auth endpoint answered HTTP 404');

      const closed = await stackWith({
        env: { BOOMI_AUTH_URL: `http://127.0.0.1:${await freePort()}/auth`, JWT_MINT_ATTEMPTS: '1' },
      });
      const refused = await ready(closed);
      expect(refused.status).toBe(503);
      expect(refused.body.state).toBe('auth_unreachable');
      expect(refused.body.checks.auth.detail).toBe('auth endpoint unreachable (ECONNREFUSED)');
    } finally {
      await other.close();
    }
  });

  it('never mints per probe: 50 probes with refused credentials cost one failed login', async () => {
    const stack = await stackWith({ env: { BOOMI_API_TOKEN: 'wrong', JWT_MINT_ATTEMPTS: '1' } });
    for (let i = 0; i < 50; i++) expect((await ready(stack)).status).toBe(503);
    // The first probe started the background checks (default interval 5 s, then backing off).
    expect(stack.sim.stats().authFailures).toBe(1);
  });

  it('reads the cached verdict: 200 with a valid JWT, and no upstream call per probe', async () => {
    const stack = await stackWith({});
    expect((await ready(stack)).status).toBe(200);
    const before = stack.sim.stats();
    for (let i = 0; i < 20; i++) expect((await ready(stack)).body.state).toBe('ready');
    const after = stack.sim.stats();
    expect(after.graphqlRequests).toBe(before.graphqlRequests);
    expect(after.jwtMints).toBe(before.jwtMints);
    expect((await fetch(`${stack.base}/health`)).status).toBe(200);
  });
});

describe('start-up with a refused credential (a real process)', () => {
  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stdout?.on('data', (c: Buffer) => {
      output.stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      output.stderr += c.toString('utf8');
    });
    return { child, output, exited: once(child, 'exit') as Promise<[number | null]> };
  }

  it('warns naming the variables, or with STRICT_STARTUP=true exits 1 naming them', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      const env = {
        BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
        BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
        BOOMI_API_TOKEN: 'wrong-token-7f3a',
        INBOUND_AUTH: 'none',
        BOOMI_GRAPHQL_URL: sim.graphqlUrl,
        BOOMI_AUTH_URL: sim.authUrl,
      };
      const strict = start({ ...env, STRICT_STARTUP: 'true' });
      const [code] = await strict.exited;
      expect(code).toBe(1);
      expect(strict.output.stderr).toContain('Boomi refused the credentials (HTTP 401)');
      expect(strict.output.stderr).toContain('BOOMI_API_TOKEN');
      expect(strict.output.stderr).toContain('STRICT_STARTUP=true');
      expect(strict.output.stderr + strict.output.stdout).not.toContain('wrong-token-7f3a');

      const lenient = start(env);
      for (let i = 0; i < 200 && !lenient.output.stdout.includes('"startup":true'); i++) await sleep(50);
      const warning = lenient.output.stdout.split('\n').find((line) => line.includes('"startup":true'));
      expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, startup: true });
      expect(warning).toContain('BOOMI_API_TOKEN');
      lenient.child.kill('SIGTERM');
      await lenient.exited;
    } finally {
      await sim.close();
    }
  }, 30_000);
});
