import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { createGatewayRuntime } from '@graphql-hive/gateway';
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
