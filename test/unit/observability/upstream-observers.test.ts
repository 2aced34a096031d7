import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { type RequestScope, runInRequestScope } from '../../../src/observability/request-scope.ts';
import { createUpstreamCallCount } from '../../../src/observability/upstream-call-count.ts';
import {
  createMintObserver,
  createUpstreamObservers,
} from '../../../src/observability/upstream-observers.ts';

function setup() {
  const all = createMetrics({ collectDefaults: false });
  const metrics = all.forAccount('default');
  const notes: unknown[] = [];
  const warnings: Array<[object, string | undefined]> = [];
  const readiness = {
    noteGraphQL: (reachable: boolean, detail: string) => notes.push({ reachable, detail }),
    noteMint: (event: object) => notes.push(event),
  };
  const logger = {
    debug() {},
    info() {},
    error() {},
    warn: (o: object, m?: string) => warnings.push([o, m]),
  };
  return { metrics, registry: all.registry, notes, warnings, readiness, logger };
}

const scope = (): RequestScope => ({
  requestId: 'rid-1',
  inboundTraceId: 'a'.repeat(32),
  inboundTraceHeaders: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'x=1' },
  startedAt: 0,
  operationName: undefined,
  operationType: undefined,
  errorCodes: [],
  clientDisconnected: false,
  upstreamRequests: 0,
});

describe('createUpstreamObservers', () => {
  it('adds the request id and the inbound trace headers to an attempt made for a request', () => {
    const s = setup();
    const observer = createUpstreamObservers({
      ...s,
      upstreamCalls: createUpstreamCallCount(),
      graphqlUrl: 'http://b/graphql',
    });
    const headers: Record<string, string> = { authorization: 'Bearer x' };
    const current = scope();
    runInRequestScope(current, () => {
      observer.attemptStart?.({ operation: 'spaces', attempt: 1, headers });
      observer.request?.({ operation: 'spaces', rootFields: 1, attempts: 1, context: undefined });
    });
    expect(headers).toEqual({
      authorization: 'Bearer x',
      'x-request-id': 'rid-1',
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      tracestate: 'x=1',
    });
    expect(current.upstreamRequests).toBe(1);
    const outside: Record<string, string> = {};
    observer.attemptStart?.({ operation: 'spaces', attempt: 1, headers: outside });
    expect(outside).toEqual({});
  });

  it('logs a transport failure with its cause and tells readiness; a 429 only counts as reachable', () => {
    const s = setup();
    const observer = createUpstreamObservers({
      ...s,
      upstreamCalls: createUpstreamCallCount(),
      graphqlUrl: 'http://b/graphql',
    });
    observer.attempt?.({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'network_error',
      durationMs: 1,
      cause: 'ECONNREFUSED',
    });
    observer.attempt?.({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'rate_limited',
      status: 429,
      durationMs: 1,
    });
    observer.attempt?.({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'breaker_open',
      durationMs: 0,
    });
    expect(s.warnings).toEqual([
      [
        { operation: 'spaces', outcome: 'network_error', status: undefined, cause: 'ECONNREFUSED' },
        'upstream attempt failed',
      ],
    ]);
    expect(s.notes).toEqual([
      { reachable: false, detail: 'last upstream attempt: network_error ECONNREFUSED' },
      { reachable: true, detail: 'last upstream attempt: rate_limited HTTP 429' },
    ]);
  });
});

describe('createMintObserver', () => {
  it('counts mints and failure reasons, warns with the reason, and does not count a breaker refusal as a mint', async () => {
    const s = setup();
    const onMint = createMintObserver(s);
    onMint({ outcome: 'success', durationMs: 5, status: 200 });
    onMint({
      outcome: 'failure',
      durationMs: 5,
      status: 401,
      reason: 'auth endpoint refused the credentials (HTTP 401)',
    });
    onMint({
      outcome: 'failure',
      durationMs: 0,
      reason: 'auth endpoint circuit open (auth)',
      circuitOpen: true,
    });
    const text = await s.registry.metrics();
    expect(text).toContain('boomi_jwt_mints_total{outcome="success",account="default"} 1');
    expect(text).toContain('boomi_jwt_mints_total{outcome="failure",account="default"} 1');
    expect(text).toContain('boomi_jwt_mint_failures_total{reason="refused",account="default"} 1');
    expect(text).toContain('boomi_jwt_mint_failures_total{reason="circuit_open",account="default"} 1');
    expect(s.warnings.map(([o]) => o)).toEqual([
      { reason: 'auth endpoint refused the credentials (HTTP 401)', status: 401 },
      { reason: 'auth endpoint circuit open (auth)', status: undefined },
    ]);
    expect(s.notes).toHaveLength(3);
  });
});
