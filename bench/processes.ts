import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
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

/** A child Node process running one of our TypeScript entry points. */
export interface ServiceProcess {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/**
 * Node flags for every compiled (`.js`) service, from BENCH_NODE_ARGS — flags NODE_OPTIONS refuses,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the subgraph under the bench's load.
 */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * Starts `node <entry>` (compiled JavaScript, as the image runs it) or `node --import tsx <entry>`
 * (TypeScript) with the given environment; output is kept for diagnostics.
 */
export function startService(entry: string, env: Record<string, string>): ServiceProcess {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [...NODE_ARGS, entry];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `url` until it answers 200, for at most `timeoutMs`. */
export async function waitForOk(url: string, service: ServiceProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`service exited with ${service.child.exitCode}:\n${service.output.join('')}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms:\n${service.output.join('')}`);
}
