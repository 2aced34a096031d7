import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { useTracing } from '../../../src/plugins/use-tracing.ts';
import { post, yogaWith } from './yoga-fixture.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

describe('useTracing', () => {
  it('continues the inbound traceparent with a SERVER span and nests parse, validate and execute under it', async () => {
    const yoga = yogaWith([useTracing()]);
    const res = await post(yoga, 'query Hi { hello }', {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === 'POST /graphql')!;
    expect(server.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(server.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'Hi',
      'graphql.operation.type': 'query',
    });
    for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
      const span = spans.find((s) => s.name === phase);
      expect(span?.parentSpanContext?.spanId, phase).toBe(server.spanContext().spanId);
    }
  });

  it('starts a new trace without a traceparent, and marks 5xx responses as errors', async () => {
    const yoga = yogaWith([
      useTracing(),
      {
        onRequest({ url, endResponse, fetchAPI }) {
          if (url.pathname === '/boom') endResponse(new fetchAPI.Response('x', { status: 503 }));
        },
      },
    ]);
    await post(yoga, '{ hello }');
    const root = exporter.getFinishedSpans().find((s) => s.name === 'POST /graphql')!;
    expect(root.parentSpanContext).toBeUndefined();
    exporter.reset();
    await yoga.fetch('http://yoga/boom');
    const failed = exporter.getFinishedSpans().find((s) => s.name === 'GET /boom')!;
    expect(failed.status.code).toBe(2);
  });
});
