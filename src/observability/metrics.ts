import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamObserver } from '../upstream/hooks.ts';
import { type BoundedLabel, createBoundedLabel } from './bounded-label.ts';

/** Why a JWT mint failed, as counted in `boomi_jwt_mint_failures_total` (see mint-failure-kind.ts). */
export type MintFailureKind =
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'http_error'
  | 'bad_response'
  | 'circuit_open'
  | 'other';

/** One finished inbound GraphQL request, as the operation-metrics plugin reports it. */
export interface InboundRequestEvent {
  operationType: string;
  operationName: string | undefined;
  durationMs: number;
  /** `extensions.code` of every error in the response (validation failures included). */
  errorCodes: readonly string[];
  /** The client disconnected before the response (outcome `client_disconnected`, no error codes). */
  clientDisconnected?: boolean;
}

/** Where the governor's state is read from at scrape time (RateGovernor.stats()). */
export interface GovernorStatsSource {
  stats(): { inFlight: number; queued: number; effectiveConcurrency: number };
  /** Slots held with no upstream activity for twice the deadline (a leak; /ready fails). */
  stalled(): boolean;
}

/**
 * The metrics of one Boomi account: its upstream calls, JWT mints, breakers and governor carry an
 * `account` label with the account's configured name (bounded: names come from configuration only).
 */
export interface AccountMetrics {
  observer: UpstreamObserver & Required<Pick<UpstreamObserver, 'attempt'>>;
  jwtMint(outcome: 'success' | 'failure', durationMs: number): void;
  jwtMintFailure(kind: MintFailureKind): void;
  setBreakerState(endpoint: 'graphql' | 'auth', state: 'closed' | 'open' | 'half-open'): void;
  /** Reads queue length and slots from `governor` at every scrape. */
  watchGovernor(governor: GovernorStatsSource): void;
  queueWait(outcome: 'acquired' | 'rejected' | 'aborted', waitMs: number): void;
}

/** The Prometheus metrics of one server instance (own registry: tests run several servers at once). */
export interface SubgraphMetrics {
  registry: Registry;
  /** The view of one account (`default` in single-account mode); the same view for the same name. */
  forAccount(name: string): AccountMetrics;
  clientRequest(operationType: string, upstreamRequests: number): void;
  batchSize(kind: 'root_fields' | 'entities', size: number): void;
  /** An inbound GraphQL request started; call the returned function when it is answered. */
  inboundStarted(): () => void;
  inboundFinished(event: InboundRequestEvent): void;
  setReadiness(state: string, ready: boolean): void;
}

export interface MetricsOptions {
  /** Add process metrics (CPU, memory, event loop). @default true */
  collectDefaults?: boolean;
  /** Distinct operation names with their own label value; later ones are `__other`. @default 100 */
  maxOperationNames?: number;
}

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;
/** The readiness states of readiness-monitor.ts; all exported so an alert can match on each. */
export const READINESS_STATES = [
  'starting',
  'ready',
  'credentials_refused',
  'auth_unreachable',
  'graphql_unreachable',
] as const;
/** Seconds; spans a fast cache-served answer (~1 ms) to the 30 s upstream deadline. */
const INBOUND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUEUE_WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** extensions.code values are ours or Yoga's (a few dozen); the bound only guards against a stray source. */
const MAX_ERROR_CODES = 64;

/** Creates the metrics. */
export function createMetrics(options: MetricsOptions = {}): SubgraphMetrics {
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry });
  const operationNames = createBoundedLabel(options.maxOperationNames ?? 100);
  const batchSizes = new Histogram({
    name: 'subgraph_batch_size',
    help: 'Items merged into one upstream request: root_fields (merged delegations) or entities (one _entities DataLoader batch).',
    labelNames: ['kind'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  const upstream = upstreamMetrics(registry, batchSizes);
  const governor = governorMetrics(registry);
  const views = new Map<string, AccountMetrics>();
  return {
    registry,
    forAccount(name) {
      let view = views.get(name);
      if (!view) {
        view = { ...upstream.forAccount(name), ...governor.forAccount(name) };
        views.set(name, view);
      }
      return view;
    },
    clientRequest: upstream.clientRequest,
    batchSize(kind, size) {
      batchSizes.observe({ kind }, size);
    },
    ...inboundMetrics(registry, operationNames, createBoundedLabel(MAX_ERROR_CODES)),
    ...readinessMetrics(registry),
  };
}

type AccountUpstreamPart = Pick<
  AccountMetrics,
  'observer' | 'jwtMint' | 'jwtMintFailure' | 'setBreakerState'
>;

function upstreamMetrics(
  registry: Registry,
  batchSizes: Histogram<'kind'>,
): Pick<SubgraphMetrics, 'clientRequest'> & { forAccount(account: string): AccountUpstreamPart } {
  const registers = [registry];
  const attempts = new Counter({
    name: 'boomi_upstream_attempts_total',
    help: 'HTTP attempts sent to the Boomi GraphQL API, by account, upstream root field (or "batched") and outcome (ok, graphql_errors, unauthorized = HTTP 401, rate_limited = HTTP 429, http_error, bad_response, timeout, network_error, breaker_open, aborted).',
    labelNames: ['operation', 'outcome', 'account'] as const,
    registers,
  });
  const responses = new Counter({
    name: 'boomi_upstream_responses_total',
    help: 'HTTP responses received from the Boomi GraphQL API, by status code.',
    labelNames: ['status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'boomi_upstream_attempt_duration_seconds',
    help: 'Latency of HTTP attempts to the Boomi GraphQL API.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const upstreamRequests = new Counter({
    name: 'boomi_upstream_requests_total',
    help: 'Upstream calls by account and operation: one per delegated (possibly merged) request, however many attempts it took (attempts are in boomi_upstream_attempts_total).',
    labelNames: ['operation', 'account'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'boomi_upstream_retries_total',
    help: 'Retries of upstream requests, by reason.',
    labelNames: ['operation', 'reason'] as const,
    registers,
  });
  const mints = new Counter({
    name: 'boomi_jwt_mints_total',
    help: 'JWT mint calls to the Boomi auth endpoint, by account and outcome.',
    labelNames: ['outcome', 'account'] as const,
    registers,
  });
  const mintFailures = new Counter({
    name: 'boomi_jwt_mint_failures_total',
    help: 'Failed JWT mints by account and reason: refused (HTTP 401/403), unreachable, timeout, http_error, bad_response, circuit_open, other.',
    labelNames: ['reason', 'account'] as const,
    registers,
  });
  const mintLatency = new Histogram({
    name: 'boomi_jwt_mint_duration_seconds',
    help: 'Latency of JWT mint calls.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const clientRequests = new Counter({
    name: 'subgraph_graphql_requests_total',
    help: 'GraphQL operations executed by the subgraph, by operation type.',
    labelNames: ['operation_type'] as const,
    registers,
  });
  const upstreamPerClient = new Histogram({
    name: 'subgraph_upstream_requests_per_operation',
    help: 'Upstream HTTP requests caused by one client GraphQL operation.',
    buckets: [0, 1, 2, 3, 5, 10, 20, 50],
    registers,
  });
  const breaker = new Gauge({
    name: 'boomi_circuit_breaker_state',
    help: 'Circuit breaker state per account and upstream endpoint: 1 for the current state, 0 for the others.',
    labelNames: ['endpoint', 'state', 'account'] as const,
    registers,
  });

  return {
    clientRequest(operationType, upstreamRequestCount) {
      clientRequests.inc({ operation_type: operationType });
      upstreamPerClient.observe(upstreamRequestCount);
    },
    forAccount(account) {
      const setBreakerState: AccountUpstreamPart['setBreakerState'] = (endpoint, state) => {
        for (const s of BREAKER_STATES) breaker.set({ endpoint, state: s, account }, s === state ? 1 : 0);
      };
      setBreakerState('graphql', 'closed');
      setBreakerState('auth', 'closed');
      return {
        observer: {
          attempt({ operation, outcome, durationMs, status }) {
            attempts.inc({ operation, outcome, account });
            if (status !== undefined && status >= 100 && status <= 599)
              responses.inc({ status: String(status) });
            if (outcome !== 'breaker_open') latency.observe({ operation }, durationMs / 1000);
          },
          retry({ operation, reason }) {
            retries.inc({ operation, reason });
          },
          request({ operation, rootFields }) {
            upstreamRequests.inc({ operation, account });
            batchSizes.observe({ kind: 'root_fields' }, rootFields);
          },
        },
        jwtMint(outcome, durationMs) {
          mints.inc({ outcome, account });
          mintLatency.observe(durationMs / 1000);
        },
        jwtMintFailure(kind) {
          mintFailures.inc({ reason: kind, account });
        },
        setBreakerState,
      };
    },
  };
}

function inboundMetrics(
  registry: Registry,
  operationNames: BoundedLabel,
  errorCodes: BoundedLabel,
): Pick<SubgraphMetrics, 'inboundStarted' | 'inboundFinished'> {
  const registers = [registry];
  const duration = new Histogram({
    name: 'subgraph_graphql_request_duration_seconds',
    help: 'Duration of inbound GraphQL requests (parse to response), by operation type, operation name (the first 100 distinct names; later ones are __other) and outcome (ok, or error when the response carries errors).',
    labelNames: ['operation_type', 'operation_name', 'outcome'] as const,
    buckets: INBOUND_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'subgraph_graphql_errors_total',
    help: 'Errors returned to clients, by extensions.code (parse and validation failures included).',
    labelNames: ['code'] as const,
    registers,
  });
  const inFlight = new Gauge({
    name: 'subgraph_graphql_requests_in_flight',
    help: 'Inbound GraphQL requests being served.',
    registers,
  });
  return {
    inboundStarted() {
      inFlight.inc();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        inFlight.dec();
      };
    },
    inboundFinished(event) {
      duration.observe(
        {
          operation_type: event.operationType,
          operation_name: operationNames.of(event.operationName),
          outcome: event.clientDisconnected
            ? 'client_disconnected'
            : event.errorCodes.length > 0
              ? 'error'
              : 'ok',
        },
        event.durationMs / 1000,
      );
      for (const code of event.errorCodes) errors.inc({ code: errorCodes.of(code) });
    },
  };
}

function governorMetrics(registry: Registry): {
  forAccount(account: string): Pick<AccountMetrics, 'watchGovernor' | 'queueWait'>;
} {
  const registers = [registry];
  // One governor per account, read at every scrape.
  const sources = new Map<string, GovernorStatsSource>();
  const stat = (name: string, help: string, read: (s: ReturnType<GovernorStatsSource['stats']>) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['account'] as const,
      registers,
      collect() {
        for (const [account, source] of sources) this.set({ account }, read(source.stats()));
      },
    });
  stat(
    'boomi_governor_queue_length',
    'Upstream calls waiting for a governor slot, by account.',
    (s) => s.queued,
  );
  stat(
    'boomi_governor_slots_in_use',
    'Governor slots held by upstream calls in flight, by account.',
    (s) => s.inFlight,
  );
  stat(
    'boomi_governor_slots_limit',
    'Governor slots currently allowed per account (lowered after HTTP 429, then recovered).',
    (s) => s.effectiveConcurrency,
  );
  new Gauge({
    name: 'boomi_governor_stalled',
    help: '1 when slots have stayed held with no upstream activity for twice the request deadline (a leak; /ready fails).',
    labelNames: ['account'] as const,
    registers,
    collect() {
      for (const [account, source] of sources) this.set({ account }, source.stalled() ? 1 : 0);
    },
  });
  const wait = new Histogram({
    name: 'boomi_governor_queue_wait_seconds',
    help: 'Time upstream calls waited for a governor slot, by outcome (acquired, rejected = queue full or wait too long, aborted).',
    labelNames: ['outcome'] as const,
    buckets: QUEUE_WAIT_BUCKETS,
    registers,
  });
  return {
    forAccount: (account) => ({
      watchGovernor(governor) {
        sources.set(account, governor);
      },
      queueWait(outcome, waitMs) {
        wait.observe({ outcome }, waitMs / 1000);
      },
    }),
  };
}

function readinessMetrics(registry: Registry): Pick<SubgraphMetrics, 'setReadiness'> {
  const ready = new Gauge({
    name: 'subgraph_ready',
    help: '1 when /ready answers 200, 0 otherwise.',
    registers: [registry],
  });
  const state = new Gauge({
    name: 'subgraph_readiness_state',
    help: 'Readiness state (see docs/operations.md): 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const setReadiness: SubgraphMetrics['setReadiness'] = (current, isReady) => {
    ready.set(isReady ? 1 : 0);
    for (const s of READINESS_STATES) state.set({ state: s }, s === current ? 1 : 0);
  };
  setReadiness('starting', false);
  return { setReadiness };
}
