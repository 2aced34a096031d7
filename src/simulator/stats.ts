/** Counters of one simulator instance (`GET /__sim/stats`). */
import type { MutationLogEntry, SimulatorStats } from './types.ts';

/** Most mutation-log entries kept (oldest dropped first; `seq` keeps counting) so soak runs stay bounded. */
export const MAX_MUTATION_LOG = 100_000;

/** Mutable stats plus the in-flight gauge used for `maxInFlight`. */
export interface StatsCollector {
  readonly data: SimulatorStats;
  /** Call when a /graphql request starts being handled; returns the function to call when it ends. */
  enterFlight(): () => void;
  /** Like {@link enterFlight}, per account, once the caller is authenticated. */
  enterAccount(accountId: string): () => void;
  countOperation(name: string): void;
  countFault(kind: string): void;
  logMutation(entry: Omit<MutationLogEntry, 'seq' | 'at'>): void;
  /** Records the trace headers of one /graphql request. */
  recordTraceHeaders(headers: { traceparent?: string; tracestate?: string; requestId?: string }): void;
  /** A deep copy safe to hand out. */
  snapshot(): SimulatorStats;
  reset(): void;
}

function empty(): SimulatorStats {
  return {
    graphqlRequests: 0,
    requestsByOperation: {},
    jwtMints: 0,
    jwtMintsByAccount: {},
    authFailures: 0,
    unauthorized: 0,
    rateLimited: 0,
    faultsInjected: {},
    clientAborts: 0,
    maxInFlight: 0,
    maxInFlightByAccount: {},
    mutations: [],
    tracing: { requestsWithTraceparent: 0, traceparents: [], tracestates: [], requestIds: [] },
  };
}

/** Most trace header values kept per list (oldest dropped first). */
export const MAX_TRACE_HEADERS = 100;

function keep(list: string[], value: string | undefined): void {
  if (value === undefined) return;
  list.push(value.slice(0, 512));
  if (list.length > MAX_TRACE_HEADERS) list.shift();
}

/** Creates a stats collector. */
export function createStats(): StatsCollector {
  let data = empty();
  let inFlight = 0;
  // Accounts come from verified JWTs or configured users only, so this map stays bounded.
  const accountInFlight = new Map<string, number>();
  let seq = 0;
  return {
    get data() {
      return data;
    },
    enterFlight() {
      inFlight++;
      if (inFlight > data.maxInFlight) data.maxInFlight = inFlight;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
      };
    },
    enterAccount(accountId) {
      const now = (accountInFlight.get(accountId) ?? 0) + 1;
      accountInFlight.set(accountId, now);
      if (now > (data.maxInFlightByAccount[accountId] ?? 0)) data.maxInFlightByAccount[accountId] = now;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        accountInFlight.set(accountId, (accountInFlight.get(accountId) ?? 1) - 1);
      };
    },
    countOperation(name) {
      data.requestsByOperation[name] = (data.requestsByOperation[name] ?? 0) + 1;
    },
    countFault(kind) {
      data.faultsInjected[kind] = (data.faultsInjected[kind] ?? 0) + 1;
    },
    logMutation(entry) {
      seq++;
      data.mutations.push({ seq, at: new Date().toISOString(), ...entry });
      if (data.mutations.length > MAX_MUTATION_LOG) data.mutations.shift();
    },
    recordTraceHeaders({ traceparent, tracestate, requestId }) {
      if (traceparent !== undefined) data.tracing.requestsWithTraceparent++;
      keep(data.tracing.traceparents, traceparent);
      keep(data.tracing.tracestates, tracestate);
      keep(data.tracing.requestIds, requestId);
    },
    snapshot() {
      return structuredClone(data);
    },
    reset() {
      data = empty();
      seq = 0;
    },
  };
}
