import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createSubgraphServer, type SubgraphServer, type SubgraphServerOptions } from '../../src/server.ts';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';

/** A GraphQL response as a client sees it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
  text: string;
}

/** Simulator + subgraph on 127.0.0.1 ephemeral ports, with every log line captured. */
export interface Stack {
  sim: RunningSimulator;
  server: SubgraphServer;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** Base URL of the subgraph (for /health, /ready, /metrics). */
  base: string;
  /** `/metrics` on its own port, when METRICS_PORT is set. */
  metricsUrl?: string | undefined;
  /** Every log line the subgraph wrote, raw JSON text. */
  logs: string[];
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    init?: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  sim?: SimulatorOptions;
  /** Extra environment variables for the subgraph's configuration. */
  env?: Record<string, string>;
  server?: Partial<Omit<SubgraphServerOptions, 'config' | 'logger'>>;
  /** Set the simulator's demo credentials as BOOMI_* (false: the test gives BOOMI_ACCOUNTS). @default true */
  singleAccount?: boolean;
}

/** Starts the simulator and a subgraph pointed at it. Always `close()` it in a finally/afterAll. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator({ port: 0, ...options.sim });
  const logs: string[] = [];
  try {
    const config = loadConfig({
      ...(options.singleAccount === false
        ? {}
        : {
            BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
            BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
            BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
          }),
      BOOMI_GRAPHQL_URL: sim.graphqlUrl,
      BOOMI_AUTH_URL: sim.authUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
      // Credentials make the service "hardened", where INBOUND_AUTH must be explicit (docs/security.md).
      INBOUND_AUTH: 'none',
      ...options.env,
    });
    const logger = createLogger({
      level: config.logLevel,
      destination: {
        write(line: string) {
          logs.push(line);
        },
      },
    });
    const server = await createSubgraphServer({
      config,
      logger,
      collectDefaultMetrics: false,
      ...options.server,
    });
    const { url, metricsUrl } = await server.listen(0, '127.0.0.1');
    const base = url.replace(/\/graphql$/, '');
    return {
      sim,
      server,
      url,
      base,
      metricsUrl,
      logs,
      query: (query, variables, init) => postGraphQL(url, query, variables, init),
      async close() {
        await server.close(1000);
        await sim.close();
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/** POSTs a GraphQL operation as JSON and returns status, headers and the parsed body. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  return readGraphQLResponse<T>(response);
}

/** Reads status, headers and the body (parsed when it is JSON, `{}` otherwise) of a GraphQL response. */
export async function readGraphQLResponse<T = Record<string, unknown>>(
  response: Response,
): Promise<GraphQLResponse<T>> {
  const text = await response.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    body = {};
  }
  return { status: response.status, headers: response.headers, body, text };
}
