import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { parse } from 'graphql';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { traceAttempts, traceExecutor, traceMint } from '../../../src/observability/upstream-tracing.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
const tracer = trace.getTracer('test');

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

describe('traceAttempts', () => {
  it('starts a CLIENT span per attempt, injects its traceparent, and records outcome, status and cause', () => {
    const start = traceAttempts(tracer, 'https://platform.example/graphql');
    const headers: Record<string, string> = {};
    const finish = start({ operation: 'spaces', attempt: 2, retryReason: 'http_503', headers });
    finish?.({ outcome: 'network_error', cause: 'ECONNRESET' });
    const [span] = exporter.getFinishedSpans();
    expect(headers.traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
    expect(span!.attributes).toEqual({
      'boomi.operation': 'spaces',
      'boomi.attempt': 2,
      'boomi.retry_reason': 'http_503',
      'http.request.method': 'POST',
      'server.address': 'platform.example',
      'url.path': '/graphql',
      'boomi.outcome': 'network_error',
      'error.type': 'ECONNRESET',
    });
    expect(span!.status.code).toBe(2);
  });
});

describe('traceExecutor', () => {
  it('wraps each call in a span that is active while the executor runs', async () => {
    let activeInside: string | undefined;
    const inner = async () => {
      activeInside = trace.getActiveSpan()?.spanContext().spanId;
      return { data: { spaces: [] }, errors: [{ message: 'x' }] };
    };
    const executor = traceExecutor(inner as never, tracer, 'boomi.request');
    await executor({ document: parse('{ spaces { id } }'), operationType: 'query' } as never);
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('boomi.request');
    expect(activeInside).toBe(span!.spanContext().spanId);
    expect(span!.attributes).toMatchObject({ 'boomi.operation': 'spaces', 'graphql.error_count': 1 });
  });

  it('records a thrown error code and rethrows', async () => {
    const executor = traceExecutor(
      (async () => {
        throw Object.assign(new Error('down'), { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
      }) as never,
      tracer,
      'graphql.delegate',
    );
    await expect(executor({ document: parse('{ a }') } as never)).rejects.toThrow('down');
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes['error.type']).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('traceMint', () => {
  it('back-dates the span by the mint duration', () => {
    traceMint(tracer, { outcome: 'failure', durationMs: 250, status: 401 });
    const [span] = exporter.getFinishedSpans();
    const durationMs = span!.duration[0] * 1000 + span!.duration[1] / 1e6;
    expect(Math.round(durationMs)).toBe(250);
    expect(span!.attributes).toEqual({ 'boomi.outcome': 'failure', 'http.response.status_code': 401 });
  });
});
