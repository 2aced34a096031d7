import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A throwaway redis-server on 127.0.0.1 (no persistence). Always `stop()` it in a finally/afterAll. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Why the Redis tests cannot run here, or undefined when redis-server is installed. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return 'redis-server is not installed: run `apt-get update && apt-get install -y redis-server` (.ci/run does)';
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output.join('')}`)));
    child.once('error', reject);
  });
}

/**
 * Starts redis-server on a free 127.0.0.1 port (or on `port`, to restart one that was stopped); throws a
 * clear message when it is not installed.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const missing = redisServerMissing();
  if (missing) throw new Error(missing);
  port ??= await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  try {
    await waitForReady(child, output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGKILL: a crash, as the outage tests mean it (nothing is persisted either way).
        child.kill('SIGKILL');
      }),
  };
}

/**
 * How a Redis suite runs here: with CI=true a missing redis-server fails the suite (clear message);
 * locally the suite is skipped and says why once.
 */
export function redisSuiteMode(): { skip: boolean } {
  const missing = redisServerMissing();
  if (!missing) return { skip: false };
  if (process.env.CI === 'true') throw new Error(`Redis tests must run in CI: ${missing}`);
  console.warn(`SKIPPED Redis tests: ${missing}`);
  return { skip: true };
}
