/**
 * The `npm start` path as a real process: `node --import tsx src/main.ts` with no Boomi credentials
 * starts the simulator and the subgraph, answers queries and exits 0 on SIGTERM; a bad environment
 * stops it with exit code 1 and a message naming the variable (never a secret).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../helpers/stack.ts';

const children: ChildProcess[] = [];

/** The environment without any Boomi credential (whatever the developer's shell has set). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('BOOMI_') && !key.startsWith('UPSTREAM_') && key !== 'PORT' && key !== 'HOST') {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

function start(extra: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: cleanEnv(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output, exited };
}

async function waitForLine(output: { stdout: string }, pattern: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const line = output.stdout.split('\n').find((l) => pattern.test(l));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout so far:\n${output.stdout}`);
}

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('npm start (sandbox mode) as a process', () => {
  it('starts without credentials, serves queries, and exits 0 on SIGTERM', async () => {
    const { child, output, exited } = start({ PORT: '0', LOG_LEVEL: 'info' });
    const line = await waitForLine(output, /running in SANDBOX mode/, 20_000);
    const log = JSON.parse(line) as { mode: string; subgraph: string; simulator: string };
    expect(log.mode).toBe('sandbox');
    expect(log.subgraph).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(log.simulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The banner prints the same URL (a separate write: it may reach the pipe after the log line).
    const banner = await waitForLine(output, /GraphQL \+ GraphiQL :/, 5_000);
    expect(banner).toContain(`GraphQL + GraphiQL : ${log.subgraph}`);

    const res = await postGraphQL<{ spaces: Array<{ id: string }> }>(log.subgraph, '{ spaces { id } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.spaces).toHaveLength(23);

    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output.stdout).toContain('"msg":"stopped"');
    expect(output.stderr).toBe('');
  }, 30_000);

  it.concurrent('PORT=abc: exit code 1 with a message naming PORT', async ({ expect }) => {
    const { output, exited } = start({ PORT: 'abc' });
    const [code] = await exited;
    expect(code).toBe(1);
    expect(output.stderr).toBe(
      'Invalid configuration:\n  - PORT: expected a whole number (received "abc")\n',
    );
  }, 20_000);

  it.concurrent('BOOMI_API_TOKEN alone: exit code 1 naming the missing variables, never printing the token', async ({
    expect,
  }) => {
    const token = 'secret-token-that-must-not-be-printed-91c4';
    const { output, exited } = start({ PORT: '0', BOOMI_API_TOKEN: token });
    const [code] = await exited;
    expect(code).toBe(1);
    expect(output.stderr).toContain('BOOMI_ACCOUNT_ID, BOOMI_USERNAME: required when BOOMI_API_TOKEN is set');
    expect(output.stdout + output.stderr).not.toContain(token);
  }, 20_000);
});
