import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { parse } from 'graphql';

/** A subgraph as composition sees it. */
export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

/** What a gateway answers, as a client sees it. */
export interface GatewayResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** A gateway under test: one method to run an operation, one to stop it. */
export interface TestGateway {
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GatewayResult<T>>;
  close(): Promise<void>;
}

/** Composes the subgraphs with @apollo/composition; throws listing every composition error. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): {
  supergraphSdl: string;
  hints: string[];
} {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => h.toString()) };
}

/** Hive Gateway runtime in-process (its subgraph calls go over HTTP to 127.0.0.1). */
export function startHiveGateway(supergraphSdl: string): TestGateway {
  const gateway = createGatewayRuntime({ supergraph: supergraphSdl, logging: false });
  return {
    async execute(query, variables) {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return (await response.json()) as GatewayResult<never>;
    },
    close: async () => {
      await gateway.dispose();
    },
  };
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** @apollo/gateway with a static supergraph, executed without @apollo/server through its executor. */
export async function startApolloGateway(supergraphSdl: string): Promise<TestGateway> {
  const gateway = new ApolloGateway({ supergraphSdl, logger: silentLogger });
  const { executor } = await gateway.load();
  return {
    async execute(query, variables = {}) {
      // The slice of Apollo Server's request context the gateway's executor reads.
      const requestContext = {
        request: { query, variables, http: { method: 'POST', headers: new Headers(), search: '', body: {} } },
        document: parse(query),
        queryHash: createHash('sha256').update(query).digest('hex'),
        operationName: null,
        context: {},
        logger: silentLogger,
        metrics: {},
        overallCachePolicy: {},
        cache: undefined,
      };
      const result = await executor(requestContext as never);
      return JSON.parse(JSON.stringify(result)) as GatewayResult<never>;
    },
    close: () => gateway.stop(),
  };
}

/** Hive Gateway runtime with Hive Router's Rust query planner (`@graphql-hive/router-runtime`). */
export function startHiveRouterRuntime(supergraphSdl: string): TestGateway {
  const gateway = createGatewayRuntime({ supergraph: supergraphSdl, logging: false, unifiedGraphHandler });
  return {
    async execute(query, variables) {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return (await response.json()) as GatewayResult<never>;
    },
    close: async () => {
      await gateway.dispose();
    },
  };
}

/** The Grafbase CLI binary that `@grafbase/cli-x86_64-unknown-linux-musl` ships (no install script needed). */
export const GRAFBASE_BINARY = fileURLToPath(
  new URL('../../../node_modules/@grafbase/cli-x86_64-unknown-linux-musl/grafbase', import.meta.url),
);

/** A free ephemeral port on 127.0.0.1 (bound then released: the binary cannot report the one it took). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Grafbase Gateway (`grafbase dev`, the gateway built into the CLI) on 127.0.0.1, composing the
 * subgraphs itself from their SDL files. Resolves once its health endpoint answers; everything it
 * prints is kept in `output` (composition warnings included).
 */
export async function startGrafbaseGateway(
  subgraphs: readonly SubgraphDefinition[],
): Promise<TestGateway & { output: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'grafbase-'));
  const toml = subgraphs
    .map((s) => {
      const path = join(dir, `${s.name}.graphql`);
      writeFileSync(path, s.sdl);
      return `[subgraphs.${s.name}]\nurl = ${JSON.stringify(s.url)}\nschema_path = ${JSON.stringify(path)}\n`;
    })
    .join('\n');
  writeFileSync(join(dir, 'grafbase.toml'), toml);
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(
    GRAFBASE_BINARY,
    ['dev', '-c', join(dir, 'grafbase.toml'), '--listen-address', `127.0.0.1:${port}`],
    {
      // HOME in the temporary directory: the CLI keeps its state there, never in the real home.
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Not installed (the package is an optional dependency for linux-x64 only): fail saying so, don't skip.
  child.once('error', (error) => output.push(`cannot run ${GRAFBASE_BINARY}: ${error.message}\n`));
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForGraphQL(url, child, output);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.join('')}`);
  }
  return {
    output,
    async execute(query, variables) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return (await response.json()) as GatewayResult<never>;
    },
    close: stop,
  };
}

/** Polls the endpoint with `{ __typename }` until it answers (at most 400 tries, 25 ms apart). */
async function waitForGraphQL(url: string, child: ChildProcess, output: readonly string[]): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`grafbase exited with code ${child.exitCode}`);
    if (output.some((line) => line.startsWith('cannot run ')))
      throw new Error('grafbase could not be started');
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('grafbase did not answer');
}
