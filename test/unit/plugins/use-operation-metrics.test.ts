import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { useOperationMetrics } from '../../../src/plugins/use-operation-metrics.ts';
import { useRequestScope } from '../../../src/plugins/use-request-scope.ts';
import { useResponseCodes } from '../../../src/plugins/use-response-codes.ts';
import { post, yogaWith } from './yoga-fixture.ts';

function setup() {
  const metrics = createMetrics({ collectDefaults: false, maxOperationNames: 2 });
  const yoga = yogaWith([
    useRequestScope(),
    useResponseCodes(),
    useOperationMetrics({ metrics, upstreamRequestsOf: () => 3 }),
  ]);
  return { yoga, text: () => metrics.registry.metrics() };
}

describe('useOperationMetrics', () => {
  it('observes duration by operation type and name, and the upstream cost of executed operations', async () => {
    const { yoga, text } = setup();
    await post(yoga, 'query Hi { hello }');
    const body = await text();
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="query",operation_name="Hi",outcome="ok"} 1',
    );
    expect(body).toContain('subgraph_graphql_requests_total{operation_type="query"} 1');
    expect(body).toContain('subgraph_upstream_requests_per_operation_sum 3');
    expect(body).toContain('subgraph_graphql_requests_in_flight 0');
  });

  it('counts errors by code, parse and validation failures included (which never execute)', async () => {
    const { yoga, text } = setup();
    await post(yoga, '{ fail }');
    await post(yoga, '{ nope }');
    await post(yoga, '{ hello');
    const body = await text();
    expect(body).toContain('subgraph_graphql_errors_total{code="RATE_LIMITED"} 1');
    expect(body).toContain('subgraph_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1');
    expect(body).toContain('subgraph_graphql_errors_total{code="GRAPHQL_PARSE_FAILED"} 1');
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="unknown",operation_name="__anonymous",outcome="error"} 1',
    );
    expect(body).toContain('subgraph_graphql_requests_total{operation_type="query"} 1');
  });

  it('bounds operation names (maxOperationNames) and ignores other paths', async () => {
    const { yoga, text } = setup();
    for (const name of ['A', 'B', 'C', 'D']) await post(yoga, `query ${name} { hello }`);
    await yoga.fetch('http://yoga/health');
    const body = await text();
    expect(body).toContain('operation_name="A"');
    expect(body).toContain('operation_name="B"');
    expect(body).not.toContain('operation_name="C"');
    expect(body).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="query",operation_name="__other",outcome="ok"} 2',
    );
  });
});
