import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.ts';

const text = async (metrics: ReturnType<typeof createMetrics>) => metrics.registry.metrics();
const seriesCount = (body: string) => body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;

describe('createMetrics', () => {
  it('records inbound duration by operation type, bounded name and outcome, and errors by code', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    metrics.inboundFinished({
      operationType: 'query',
      operationName: 'Mine',
      durationMs: 20,
      errorCodes: [],
    });
    metrics.inboundFinished({
      operationType: 'unknown',
      operationName: undefined,
      durationMs: 1,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED'],
    });
    const body = await text(metrics);
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="query",operation_name="Mine",outcome="ok"} 1',
    );
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_bucket{le="0.025",operation_type="query",operation_name="Mine",outcome="ok"} 1',
    );
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="unknown",operation_name="__anonymous",outcome="error"} 1',
    );
    expect(body).toContain('subgraph_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 2');
  });

  it('10,000 distinct operation names do not grow /metrics beyond the bound', async () => {
    const metrics = createMetrics({ collectDefaults: false, maxOperationNames: 100 });
    const record = (i: number) =>
      metrics.inboundFinished({
        operationType: 'query',
        operationName: `Op${i}`,
        durationMs: 1,
        errorCodes: [],
      });
    for (let i = 0; i < 100; i++) record(i);
    const atBound = seriesCount(await text(metrics));
    for (let i = 100; i < 10_000; i++) record(i);
    const after = await text(metrics);
    // One more label set (__other) and nothing else.
    const perName = seriesCount(after) - atBound;
    expect(perName).toBe(15); // 12 buckets + +Inf + sum + count of the __other series
    expect(after).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="query",operation_name="__other",outcome="ok"} 9900',
    );
    expect(after).not.toContain('Op100"');
  });

  it('counts requests in flight, once per finished request however often it is released', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    const a = metrics.inboundStarted();
    metrics.inboundStarted();
    expect(await text(metrics)).toContain('subgraph_graphql_requests_in_flight 2');
    a();
    a();
    expect(await text(metrics)).toContain('subgraph_graphql_requests_in_flight 1');
  });

  it('reads the governor at scrape time and records queue waits by outcome', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    const account = metrics.forAccount('default');
    let stats = { inFlight: 3, queued: 7, effectiveConcurrency: 4 };
    account.watchGovernor({ stats: () => stats, stalled: () => false });
    account.queueWait('acquired', 12);
    account.queueWait('rejected', 10_000);
    let body = await text(metrics);
    expect(body).toContain('boomi_governor_queue_length{account="default"} 7');
    expect(body).toContain('boomi_governor_slots_in_use{account="default"} 3');
    expect(body).toContain('boomi_governor_slots_limit{account="default"} 4');
    expect(body).toContain('boomi_governor_queue_wait_seconds_count{outcome="acquired"} 1');
    expect(body).toContain('boomi_governor_queue_wait_seconds_bucket{le="10",outcome="rejected"} 1');
    stats = { inFlight: 0, queued: 0, effectiveConcurrency: 2 };
    body = await text(metrics);
    expect(body).toContain('boomi_governor_queue_length{account="default"} 0');
    expect(body).toContain('boomi_governor_slots_limit{account="default"} 2');
  });

  it('keeps each account its own governor, upstream, mint and breaker series (#12)', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    const eu = metrics.forAccount('eu');
    const us = metrics.forAccount('us');
    expect(metrics.forAccount('eu')).toBe(eu);
    eu.watchGovernor({
      stats: () => ({ inFlight: 1, queued: 5, effectiveConcurrency: 1 }),
      stalled: () => true,
    });
    us.watchGovernor({
      stats: () => ({ inFlight: 0, queued: 0, effectiveConcurrency: 4 }),
      stalled: () => false,
    });
    eu.jwtMint('success', 3);
    us.observer.request?.({ operation: 'spaces', rootFields: 1, context: undefined } as never);
    us.setBreakerState('graphql', 'open');
    const body = await text(metrics);
    expect(body).toContain('boomi_governor_queue_length{account="eu"} 5');
    expect(body).toContain('boomi_governor_queue_length{account="us"} 0');
    expect(body).toContain('boomi_governor_stalled{account="eu"} 1');
    expect(body).toContain('boomi_governor_stalled{account="us"} 0');
    expect(body).toContain('boomi_jwt_mints_total{outcome="success",account="eu"} 1');
    expect(body).not.toContain('boomi_jwt_mints_total{outcome="success",account="us"}');
    expect(body).toContain('boomi_upstream_requests_total{operation="spaces",account="us"} 1');
    expect(body).toContain('boomi_circuit_breaker_state{endpoint="graphql",state="open",account="us"} 1');
    expect(body).toContain('boomi_circuit_breaker_state{endpoint="graphql",state="open",account="eu"} 0');
  });

  it('counts upstream responses by status and mint failures by reason', async () => {
    const all = createMetrics({ collectDefaults: false });
    const metrics = all.forAccount('default');
    metrics.observer.attempt({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'http_error',
      status: 503,
      durationMs: 5,
    });
    metrics.observer.attempt({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'rate_limited',
      status: 429,
      durationMs: 5,
    });
    metrics.observer.attempt({
      attempt: 1,
      detail: 'result',
      context: undefined,
      operation: 'spaces',
      outcome: 'network_error',
      durationMs: 5,
      cause: 'ECONNREFUSED',
    });
    metrics.jwtMintFailure('refused');
    const body = await text(all);
    expect(body).toContain('boomi_upstream_responses_total{status="503"} 1');
    expect(body).toContain('boomi_upstream_responses_total{status="429"} 1');
    expect(body).toContain(
      'boomi_upstream_attempts_total{operation="spaces",outcome="network_error",account="default"} 1',
    );
    expect(body).toContain('boomi_jwt_mint_failures_total{reason="refused",account="default"} 1');
  });

  it('exposes readiness as one gauge and one state set', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    expect(await text(metrics)).toContain('subgraph_readiness_state{state="starting"} 1');
    metrics.setReadiness('credentials_refused', false);
    const body = await text(metrics);
    expect(body).toContain('subgraph_ready 0');
    expect(body).toContain('subgraph_readiness_state{state="credentials_refused"} 1');
    expect(body).toContain('subgraph_readiness_state{state="starting"} 0');
    metrics.setReadiness('ready', true);
    expect(await text(metrics)).toContain('subgraph_ready 1');
  });

  it('keeps the breaker state set exclusive', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    metrics.forAccount('default').setBreakerState('graphql', 'open');
    const body = await text(metrics);
    expect(body).toContain(
      'boomi_circuit_breaker_state{endpoint="graphql",state="open",account="default"} 1',
    );
    expect(body).toContain(
      'boomi_circuit_breaker_state{endpoint="graphql",state="closed",account="default"} 0',
    );
    expect(body).toContain('boomi_circuit_breaker_state{endpoint="auth",state="closed",account="default"} 1');
  });
});
