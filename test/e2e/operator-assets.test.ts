/**
 * The operator assets (#10 item 5) and the bounded metrics (#10 item 3) against a real /metrics:
 * every metric the Grafana dashboard and the Prometheus rules reference exists, and 10,000 distinct
 * operation names do not grow the exposition.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: { METRICS_MAX_OPERATION_NAMES: '10' },
    server: { collectDefaultMetrics: true },
  });
});
afterAll(async () => {
  await stack?.close();
});

/** Every sample name /metrics can expose, from its TYPE lines (histograms add _bucket, _sum, _count). */
async function exposedNames(): Promise<Set<string>> {
  const text = await (await fetch(`${stack.base}/metrics`)).text();
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Metric names in PromQL text: identifiers followed by `{`, `[`, `)` or whitespace, minus functions and labels. */
function referencedMetrics(promql: string): Set<string> {
  const found = new Set<string>();
  for (const match of promql.matchAll(
    /\b((?:boomi|subgraph|graphql_envelop|process|nodejs)_[a-z0-9_]+)\b/g,
  )) {
    found.add(match[1]!);
  }
  return found;
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync('deploy/grafana/spaces-subgraph.json', 'utf8')) as {
    panels: Array<{ targets: Array<{ expr: string }> }>;
    templating: { list: Array<{ query?: string }> };
  };
  return [
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
    ...dashboard.templating.list.map((v) => v.query ?? ''),
  ];
}

describe('operator assets', () => {
  it('every metric the Grafana dashboard references exists in /metrics', async () => {
    const names = await exposedNames();
    const referenced = new Set(dashboardExpressions().flatMap((e) => [...referencedMetrics(e)]));
    expect(referenced.size).toBeGreaterThan(15);
    expect([...referenced].filter((name) => !names.has(name))).toEqual([]);
  });

  it('every metric the Prometheus alerting rules reference exists in /metrics', async () => {
    const names = await exposedNames();
    const rules = readFileSync('deploy/prometheus/alerts.yaml', 'utf8');
    const exprs = rules
      .split('\n')
      .filter((line) => !line.trim().startsWith('#') && !line.includes('description:'));
    const referenced = referencedMetrics(exprs.join('\n'));
    expect(referenced).toContain('boomi_circuit_breaker_state');
    expect(referenced).toContain('boomi_jwt_mint_failures_total');
    expect(referenced).toContain('boomi_upstream_responses_total');
    expect(referenced).toContain('subgraph_graphql_request_duration_seconds_bucket');
    expect(referenced).toContain('boomi_governor_queue_length');
    expect([...referenced].filter((name) => !names.has(name))).toEqual([]);
    for (const alert of [
      'BreakerOpen',
      'JwtMintFailures',
      'UpstreamThrottled',
      'LatencySloFastBurn',
      'GovernorSaturated',
    ]) {
      expect(rules).toContain(`alert: SpacesSubgraph${alert}`);
    }
  });
});

describe('bounded label cardinality', () => {
  // 10,000 names through the metrics module directly: test/unit/observability/metrics.test.ts. Through
  // Yoga, 500 names (each request costs a few ms here) past a bound of 10 show the same.
  it('500 distinct operation names through Yoga do not grow /metrics past the bound', async () => {
    const send = (i: number) =>
      stack.server.yoga.fetch('http://subgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query Op${i} { __typename }` }),
      });
    const lineCount = async () =>
      (await (await fetch(`${stack.base}/metrics`)).text())
        .split('\n')
        .filter((l) => l.includes('subgraph_graphql_request_duration_seconds')).length;
    for (let i = 0; i < 11; i++) await send(i);
    const bounded = await lineCount();
    for (let i = 11; i < 500; i++) await send(i);
    expect(await lineCount()).toBe(bounded);
    const text = await (await fetch(`${stack.base}/metrics`)).text();
    expect(text).toContain(
      'subgraph_graphql_request_duration_seconds_count{operation_type="query",operation_name="__other",outcome="ok"} 490',
    );
  });
});
