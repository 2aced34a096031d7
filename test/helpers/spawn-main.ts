import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** `node --import tsx src/main.ts` as a child process, with its output captured. */
export interface MainProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves with the first stdout line matching `pattern`; rejects after `timeoutMs` or on exit. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGKILLs the process if it still runs. */
  kill(): void;
}

/** The environment without Boomi credentials or listen settings (whatever the developer's shell has). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const ours = /^(BOOMI_|UPSTREAM_|INBOUND_|METRICS_|CORS_|CSRF_)/.test(key);
    if (!ours && !['PORT', 'HOST', 'NODE_ENV', 'SANDBOX', 'INTROSPECTION'].includes(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

export function spawnMain(extra: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: cleanEnv(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    output,
    exited,
    async waitForLine(pattern, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const line = output.stdout.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no line matching ${pattern}; stdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
