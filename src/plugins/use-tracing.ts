import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type DocumentNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TRACER_NAME } from '../observability/tracing-env.ts';

export interface TracingOptions {
  /** @default the global tracer provider's tracer named 'spaces-subgraph' */
  tracer?: Tracer;
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * OpenTelemetry spans of the inbound side: a SERVER span per HTTP request that continues the caller's
 * W3C `traceparent`/`tracestate`, with `graphql.parse`, `graphql.validate` and `graphql.execute` children
 * (Yoga's instrumentation hooks run each phase inside its span, so delegation and upstream spans nest).
 */
export function useTracing(options: TracingOptions = {}): Plugin {
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  const spans = new WeakMap<Request, Span>();
  const phase =
    (name: string) =>
    <T>(_payload: unknown, wrapped: () => T): T =>
      tracer.startActiveSpan(name, (span) => {
        try {
          const result = wrapped();
          if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
            return Promise.resolve(result).finally(() => span.end()) as T;
          }
          span.end();
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw error;
        }
      });
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const url = new URL(request.url, 'http://localhost');
        const span = tracer.startSpan(
          `${request.method} ${url.pathname}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': request.method, 'url.path': url.pathname },
          },
          parent,
        );
        spans.set(request, span);
        return context.with(trace.setSpan(parent, span), wrapped);
      },
      parse: phase('graphql.parse'),
      validate: phase('graphql.validate'),
      execute: phase('graphql.execute'),
    },
    onParse({ context: graphqlContext }) {
      const request = (graphqlContext as { request?: Request }).request;
      const span = request ? spans.get(request) : undefined;
      if (!span) return;
      return ({ result }) => {
        if (result instanceof Error || !result || !('definitions' in result)) return;
        const operation = getOperationAST(result as DocumentNode);
        if (!operation) return;
        span.setAttribute('graphql.operation.type', operation.operation);
        if (operation.name) span.setAttribute('graphql.operation.name', operation.name.value);
      };
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      spans.delete(request);
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
