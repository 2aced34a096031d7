import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { type Env, TRACER_NAME, tracesUrl, tracingRequested } from './tracing-env.ts';

/** A started tracing SDK. */
export interface Tracing {
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process-wide OpenTelemetry tracer provider when {@link tracingRequested}: OTLP over HTTP
 * (JSON) to {@link tracesUrl}, batched; W3C trace context and baggage propagation; AsyncLocalStorage
 * context. Sampler (`OTEL_TRACES_SAMPLER`), batch (`OTEL_BSP_*`), headers and timeout
 * (`OTEL_EXPORTER_OTLP_*`), and resource (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`) follow the
 * standard variables as the SDK reads them from the process environment.
 */
export function startTracing(env: Env = process.env): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME?.trim() || TRACER_NAME,
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(env) }))],
  });
  provider.register();
  return {
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
