import { context, propagation, trace } from '@opentelemetry/api';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/observability/tracing.ts';
import type { UpstreamFetch } from '../../src/upstream/transport.ts';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../helpers/otlp-receiver.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const GATEWAY_SPAN = '00f067aa0ba902b7';

/** Answers the first upstream call with HTTP 503 (a retry follows), then forwards to the simulator. */
function first503(): UpstreamFetch {
  let calls = 0;
  return async (url, init) => {
    calls++;
    if (calls === 1) return new Response('{"errors":[{"message":"busy"}]}', { status: 503 });
    return undiciFetch(url, init) as never;
  };
}

describe('OpenTelemetry tracing (OTLP/HTTP to a receiver on 127.0.0.1)', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  let stack: Stack;
  let spans: ReceivedSpan[];
  let echoedRequestId: string | null;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    tracing = startTracing(env)!;
    stack = await startStack({
      env: { ...env, RETRY_BASE_DELAY_MS: '1', RETRY_MAX_DELAY_MS: '5' },
      server: { upstreamFetch: first503() },
    });
    const res = await stack.query('query ListSpaces { spaces { id name } }', undefined, {
      headers: { traceparent: `00-${TRACE_ID}-${GATEWAY_SPAN}-01`, tracestate: 'gw=abc' },
    });
    expect(res.body.errors).toBeUndefined();
    echoedRequestId = res.headers.get('x-request-id');
    await tracing.flush();
    spans = receiver.spans.filter((s) => s.traceId === TRACE_ID);
  });

  afterAll(async () => {
    await stack?.close();
    await tracing?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
    await receiver?.close();
  });

  const one = (name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found, name).toHaveLength(1);
    return found[0]!;
  };

  it('exports OTLP over HTTP as JSON', () => {
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
  });

  it('continues the gateway trace: every span of the request has its trace id, the root span its parent', () => {
    // Parse, validate, execute, delegation, request, mint, 2 governor waits, 2 attempts, the server span.
    expect(receiver.spans.length).toBe(11);
    expect(new Set(receiver.spans.map((s) => s.traceId))).toEqual(new Set([TRACE_ID]));
    const server = one('POST /graphql');
    expect(server.parentSpanId).toBe(GATEWAY_SPAN);
    expect(server.kind).toBe(2); // SERVER
    expect(server.attributes).toMatchObject({
      'http.response.status_code': 200,
      'graphql.operation.name': 'ListSpaces',
      'graphql.operation.type': 'query',
    });
  });

  it('nests parse, validate, execute → delegation → upstream request → governor wait, mint and attempts', () => {
    const server = one('POST /graphql');
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentName = (s: ReceivedSpan) => (s.parentSpanId ? byId.get(s.parentSpanId)?.name : undefined);
    expect(parentName(one('graphql.parse'))).toBe(server.name);
    expect(parentName(one('graphql.validate'))).toBe(server.name);
    expect(parentName(one('graphql.execute'))).toBe(server.name);
    expect(parentName(one('graphql.delegate'))).toBe('graphql.execute');
    expect(parentName(one('boomi.request'))).toBe('graphql.delegate');
    expect(parentName(one('boomi.jwt.mint'))).toBe('boomi.request');
    const waits = spans.filter((s) => s.name === 'boomi.governor.wait');
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(parentName(wait)).toBe('boomi.request');
  });

  it('records each upstream attempt: number, HTTP status, outcome, retry reason', () => {
    const attempts = spans
      .filter((s) => s.name === 'boomi.attempt')
      .sort((a, b) => Number(a.attributes['boomi.attempt']) - Number(b.attributes['boomi.attempt']));
    expect(attempts.map((a) => a.attributes)).toEqual([
      expect.objectContaining({
        'boomi.attempt': 1,
        'boomi.operation': 'spaces',
        'http.response.status_code': 503,
        'boomi.outcome': 'http_error',
      }),
      expect.objectContaining({
        'boomi.attempt': 2,
        'boomi.operation': 'spaces',
        'boomi.retry_reason': 'http_503',
        'http.response.status_code': 200,
        'boomi.outcome': 'ok',
      }),
    ]);
    expect(attempts[0]!.attributes['boomi.retry_reason']).toBeUndefined();
    expect(attempts[0]!.status.code).toBe(2); // ERROR
    expect(attempts.map((a) => a.kind)).toEqual([3, 3]); // CLIENT
    const request = one('boomi.request');
    for (const attempt of attempts) expect(attempt.parentSpanId).toBe(request.spanId);
  });

  it('propagates traceparent (the attempt span as parent), tracestate and x-request-id to Boomi', () => {
    const attempt = spans.find((s) => s.name === 'boomi.attempt' && s.attributes['boomi.attempt'] === 2)!;
    const tracingStats = stack.sim.stats().tracing;
    expect(tracingStats.traceparents).toContain(`00-${TRACE_ID}-${attempt.spanId}-01`);
    expect(tracingStats.tracestates).toContain('gw=abc');
    expect(echoedRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tracingStats.requestIds).toContain(echoedRequestId);
  });
});
