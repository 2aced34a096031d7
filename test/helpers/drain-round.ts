/**
 * One drain round: N requests (some of them mutations) written to the subgraph on their own
 * connections, then the shutdown is triggered the moment the last request's bytes are handed to the
 * kernel (they are "accepted" for the client: connected and sent), while the slow simulator still
 * holds them. Shared by test/e2e/drain.test.ts and bench/drain-soak.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { RunningSimulator } from '../../src/simulator/index.ts';

/** What one client saw. */
export interface ClientOutcome {
  /** Unique per request; a mutation renames its Space to this value. */
  tag: string;
  mutation: boolean;
  /** HTTP status, or undefined when the client got no HTTP answer. */
  status?: number;
  /** The `connection` response header. */
  connection?: string;
  body?: string;
  /** Error code when there was no HTTP answer (ECONNRESET, socket hang up…). */
  error?: string;
}

export interface RoundResult {
  outcomes: ClientOutcome[];
  /** Tags of the mutations the simulator applied in this round. */
  applied: string[];
}

export interface RoundOptions {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  sim: RunningSimulator;
  /** Space ids the mutations rename. */
  spaceIds: readonly string[];
  /** Starts the shutdown (SIGTERM to a child, or `server.close()` in process). */
  shutdown: () => void;
  /** Prefix of the tags of this round. */
  round: string;
  /** @default 50 */
  requests?: number;
  /** @default 10 */
  mutations?: number;
}

const MUTATION =
  'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }';
const QUERY = '{ spaces { id name } }';

/** Runs one round and resolves once every client has an answer or an error. */
export async function drainRound(options: RoundOptions): Promise<RoundResult> {
  const total = options.requests ?? 50;
  const mutations = options.mutations ?? 10;
  const before = new Set(options.sim.stats().mutations.map((m) => m.seq));
  let written = 0;
  let triggered = false;
  const outcomes = await Promise.all(
    Array.from({ length: total }, (_, i) => {
      // Mutations spread through the batch, the last one written included (the likeliest to be lost).
      const mutation = (i + 1) % Math.floor(total / mutations) === 0;
      const tag = `${options.round}-${i}`;
      const body = mutation
        ? JSON.stringify({
            query: MUTATION,
            variables: { id: options.spaceIds[i % options.spaceIds.length], name: tag },
          })
        : JSON.stringify({ query: QUERY });
      return send(options.url, body, tag, mutation, () => {
        written++;
        if (written === total && !triggered) {
          triggered = true;
          options.shutdown();
        }
      });
    }),
  );
  const applied = options.sim
    .stats()
    .mutations.filter((m) => !before.has(m.seq))
    .map((m) => (m.args as { input?: { name?: string } }).input?.name ?? '');
  return { outcomes, applied };
}

function send(url: string, body: string, tag: string, mutation: boolean, onWritten: () => void) {
  return new Promise<ClientOutcome>((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          tag,
          mutation,
          status: res.statusCode ?? 0,
          connection: String(res.headers.connection ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ tag, mutation, error: error.code ?? error.message }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ tag, mutation, error: error.code ?? error.message }),
    );
    // 'finish': every byte of the request is handed to the kernel.
    req.on('finish', onWritten);
    req.end(body);
  });
}

/** A child process that keeps one CPU core busy until killed (load for the drain rounds). */
export function startBusyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

/** The ways a round can break the drain contract (empty when it held). */
export function drainViolations(result: RoundResult): string[] {
  const problems: string[] = [];
  const byTag = new Map(result.outcomes.map((o) => [o.tag, o]));
  for (const o of result.outcomes) {
    if (o.status === undefined)
      problems.push(`${o.tag}${o.mutation ? ' (mutation)' : ''}: no HTTP answer (${o.error})`);
  }
  for (const tag of result.applied) {
    const o = byTag.get(tag);
    if (o?.status !== 200 || !o.body?.includes(`"name":"${tag}"`)) {
      problems.push(`${tag}: applied upstream but its client saw ${o?.status ?? o?.error}`);
    }
  }
  return problems;
}

/** `node --import tsx src/main.ts` with `env`; resolves with its GraphQL URL once it listens. */
export async function startSubgraphProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exited: Promise<[number | null, NodeJS.Signals | null]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  // Bounded: 400 × 50 ms.
  for (let i = 0; i < 400; i++) {
    const line = stdout.split('\n').find((l) => l.includes('"msg":"spaces-subgraph is running"'));
    if (line) return { child, url: (JSON.parse(line) as { subgraph: string }).subgraph, exited };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the subgraph did not start; stdout:\n${stdout}`);
}
