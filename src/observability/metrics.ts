import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamObserver } from '../upstream/executor.ts';

/** The Prometheus metrics of one server instance (own registry: tests run several servers at once). */
export interface SubgraphMetrics {
  registry: Registry;
  observer: UpstreamObserver;
  jwtMint(outcome: 'success' | 'failure', durationMs: number): void;
  clientRequest(operationType: string, upstreamRequests: number): void;
  setBreakerState(endpoint: 'graphql' | 'auth', state: 'closed' | 'open' | 'half-open'): void;
  batchSize(kind: 'root_fields' | 'entities', size: number): void;
}

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/** Creates the metrics; `collectDefaults` adds process metrics (CPU, memory, event loop). */
export function createMetrics(options: { collectDefaults?: boolean } = {}): SubgraphMetrics {
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry });
  const attempts = new Counter({
    name: 'boomi_upstream_attempts_total',
    help: 'HTTP attempts sent to the Boomi GraphQL API, by upstream root field (or "batched") and outcome (ok, graphql_errors, unauthorized = HTTP 401, rate_limited = HTTP 429, http_error, bad_response, timeout, network_error, breaker_open, aborted).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'boomi_upstream_attempt_duration_seconds',
    help: 'Latency of HTTP attempts to the Boomi GraphQL API.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamRequests = new Counter({
    name: 'boomi_upstream_requests_total',
    help: 'Upstream calls by operation: one per delegated (possibly merged) request, however many attempts it took (attempts are in boomi_upstream_attempts_total).',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'boomi_upstream_retries_total',
    help: 'Retries of upstream requests, by reason.',
    labelNames: ['operation', 'reason'] as const,
    registers: [registry],
  });
  const mints = new Counter({
    name: 'boomi_jwt_mints_total',
    help: 'JWT mint calls to the Boomi auth endpoint, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const mintLatency = new Histogram({
    name: 'boomi_jwt_mint_duration_seconds',
    help: 'Latency of JWT mint calls.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const clientRequests = new Counter({
    name: 'subgraph_graphql_requests_total',
    help: 'GraphQL operations executed by the subgraph, by operation type.',
    labelNames: ['operation_type'] as const,
    registers: [registry],
  });
  const upstreamPerClient = new Histogram({
    name: 'subgraph_upstream_requests_per_operation',
    help: 'Upstream HTTP requests caused by one client GraphQL operation.',
    buckets: [0, 1, 2, 3, 5, 10, 20, 50],
    registers: [registry],
  });
  const batchSizes = new Histogram({
    name: 'subgraph_batch_size',
    help: 'Items merged into one upstream request: root_fields (merged delegations) or entities (one _entities DataLoader batch).',
    labelNames: ['kind'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  const breaker = new Gauge({
    name: 'boomi_circuit_breaker_state',
    help: 'Circuit breaker state per upstream endpoint: 1 for the current state, 0 for the others.',
    labelNames: ['endpoint', 'state'] as const,
    registers: [registry],
  });
  for (const endpoint of ['graphql', 'auth'] as const) {
    for (const state of BREAKER_STATES) breaker.set({ endpoint, state }, state === 'closed' ? 1 : 0);
  }

  return {
    registry,
    observer: {
      attempt({ operation, outcome, durationMs }) {
        attempts.inc({ operation, outcome });
        if (outcome !== 'breaker_open') latency.observe({ operation }, durationMs / 1000);
      },
      retry({ operation, reason }) {
        retries.inc({ operation, reason });
      },
      request({ operation, rootFields }) {
        upstreamRequests.inc({ operation });
        batchSizes.observe({ kind: 'root_fields' }, rootFields);
      },
    },
    jwtMint(outcome, durationMs) {
      mints.inc({ outcome });
      mintLatency.observe(durationMs / 1000);
    },
    clientRequest(operationType, upstreamRequestCount) {
      clientRequests.inc({ operation_type: operationType });
      upstreamPerClient.observe(upstreamRequestCount);
    },
    setBreakerState(endpoint, state) {
      for (const s of BREAKER_STATES) breaker.set({ endpoint, state: s }, s === state ? 1 : 0);
    },
    batchSize(kind, size) {
      batchSizes.observe({ kind }, size);
    },
  };
}
