/**
 * The service as a real child process (npm start, node dist/main.js): output capture, waiting for a line,
 * and clean-up of the whole process group, so a test that finds an orphan never leaves it behind.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** The environment without any Boomi credential or listen setting (whatever the developer's shell has set). */
export function sandboxEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('BOOMI_') || key.startsWith('UPSTREAM_') || key === 'PORT' || key === 'HOST') continue;
    // npm exports its own settings to scripts; a nested `npm start` must not inherit the outer run's.
    if (key.startsWith('npm_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface ServiceProcess {
  readonly pid: number;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves with the first stdout line matching `pattern`; rejects when the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** SIGKILLs every process left in the group (the child and anything it started). */
  killGroup(): void;
}

/** Starts `command` in its own process group (so {@link ServiceProcess.killGroup} reaches grandchildren). */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    pid,
    output,
    exited,
    waitForLine(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = output.stdout.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          listeners.delete(check);
          resolve(line);
        };
        listeners.add(check);
        check();
        void exited.then(([code, signal]) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          reject(
            new Error(
              `exited (${code ?? signal}) before a line matching ${pattern}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
            ),
          );
        });
      });
    },
    killGroup() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    },
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether something on this machine listens on `port` of 127.0.0.1 (our bind fails with EADDRINUSE). */
export async function isPortTaken(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    throw error;
  } finally {
    if (server.listening) {
      server.close();
      await once(server, 'close');
    }
  }
}
