import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { healthUrl, probeHealth } from '../../src/healthcheck.ts';
import { freePort, sandboxEnv } from '../helpers/service-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('healthUrl', () => {
  it.each([
    ['0.0.0.0', 'http://127.0.0.1:4000/health'],
    ['::', 'http://[::1]:4000/health'],
    ['127.0.0.1', 'http://127.0.0.1:4000/health'],
    ['10.1.2.3', 'http://10.1.2.3:4000/health'],
    ['::1', 'http://[::1]:4000/health'],
    ['subgraph.internal', 'http://subgraph.internal:4000/health'],
  ])('probes HOST %s at %s', (host, url) => {
    expect(healthUrl(host, 4000)).toBe(url);
  });
});

describe('probeHealth and the HEALTHCHECK command', () => {
  async function withHealthServer(status: number, run: (port: number) => Promise<void>): Promise<void> {
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/health' ? status : 404;
      response.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await run((server.address() as { port: number }).port);
    } finally {
      server.close();
    }
  }

  it('is 0 for a 2xx /health and 1 for a 503 or nothing listening', async () => {
    await withHealthServer(200, async (port) =>
      expect(await probeHealth(healthUrl('127.0.0.1', port))).toBe(0),
    );
    await withHealthServer(503, async (port) =>
      expect(await probeHealth(healthUrl('127.0.0.1', port))).toBe(1),
    );
    expect(await probeHealth(healthUrl('127.0.0.1', await freePort()))).toBe(1);
  });

  it('as a process, reads HOST and PORT like the server does', async () => {
    const run = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts'], {
        cwd: ROOT,
        env: sandboxEnv(env),
      }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    await withHealthServer(200, async (port) => {
      expect(await run({ HOST: '127.0.0.1', PORT: String(port) })).toBe(0);
      // HOST is honoured: nothing listens on ::1 here.
      expect(await run({ HOST: '::1', PORT: String(port) })).toBe(1);
    });
  });
});
