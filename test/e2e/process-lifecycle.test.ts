/**
 * The service as users start it: `npm start` is one process tree that SIGTERM stops without leaving the
 * port held, a busy port is reported by its setting name, and the build runs from any directory.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  isPortTaken,
  type ServiceProcess,
  sandboxEnv,
  startProcess,
} from '../helpers/service-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const started: ServiceProcess[] = [];

afterAll(() => {
  for (const service of started) service.killGroup();
});

/** Whether the port becomes free within a bounded number of polls (an orphan never frees it). */
async function portReleased(port: number): Promise<boolean> {
  for (let polls = 0; polls < 200; polls++) {
    if (!(await isPortTaken(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function start(command: string, args: string[], env: Record<string, string>, cwd = ROOT): ServiceProcess {
  const service = startProcess(command, args, { cwd, env: sandboxEnv({ LOG_LEVEL: 'info', ...env }) });
  started.push(service);
  return service;
}

describe('npm start', () => {
  it('stops on SIGTERM to npm, and no process keeps the port', async () => {
    const port = await freePort();
    const service = start('npm', ['start', '--silent'], { PORT: String(port) });
    await service.waitForLine(/running in SANDBOX mode/);
    expect(await isPortTaken(port)).toBe(true);

    process.kill(service.pid, 'SIGTERM');
    const [code, signal] = await service.exited;
    // npm exits 0 or re-raises SIGTERM, depending on which it sees first.
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    // An orphaned server never receives the signal and keeps the port for good; ours releases it as soon
    // as its drain (no requests in flight here) is over.
    expect(await portReleased(port)).toBe(true);
  });

  it('names PORT when the port is already in use', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const service = start(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      const [code] = await service.exited;
      expect(code).toBe(1);
      expect(service.output.stderr).toContain(
        `spaces-subgraph failed to start: PORT ${port} is already in use on HOST 127.0.0.1 (EADDRINUSE): stop the process that holds it or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('node dist/main.js', () => {
  let elsewhere: string;
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    elsewhere = mkdtempSync(join(tmpdir(), 'spaces-subgraph-cwd-'));
  });
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('starts from another working directory (packaged files resolved from the package)', async () => {
    const service = start(process.execPath, [join(ROOT, 'dist/main.js')], { PORT: '0' }, elsewhere);
    const line = await service.waitForLine(/running in SANDBOX mode/);
    const { subgraph } = JSON.parse(line) as { subgraph: string };
    const response = await fetch(subgraph, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ spaces { id } }' }),
    });
    const body = (await response.json()) as { data?: { spaces: unknown[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.spaces.length).toBeGreaterThan(0);
    process.kill(service.pid, 'SIGTERM');
    expect((await service.exited)[0]).toBe(0);
  });
});
