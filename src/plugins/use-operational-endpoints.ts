import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

/** The outcome of one readiness check. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface OperationalEndpointsOptions {
  /** Served as Prometheus text on `GET /metrics`. */
  registry: Registry;
  /** Evaluated on `GET /ready`; 200 when ready, 503 otherwise, with the report as JSON. */
  readiness: () => Promise<ReadinessReport>;
  /** @default '/metrics' */
  metricsPath?: string;
  /** @default '/ready' */
  readyPath?: string;
}

/**
 * `/metrics` (Prometheus) and `/ready` (schema loaded, JWT obtainable, upstream breaker not open).
 * `/health` (process alive) is Yoga's own health check endpoint.
 */
export function useOperationalEndpoints(options: OperationalEndpointsOptions): Plugin {
  const metricsPath = options.metricsPath ?? '/metrics';
  const readyPath = options.readyPath ?? '/ready';
  return {
    // Synchronous for every other path: an async hook would cost every GraphQL request a promise.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== metricsPath && url.pathname !== readyPath) return;
      return answer(request, url, endResponse, fetchAPI);
    },
  };

  async function answer(
    request: Request,
    url: URL,
    endResponse: (response: Response) => void,
    fetchAPI: { Response: typeof Response },
  ): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      return;
    }
    if (url.pathname === metricsPath) {
      const body = await options.registry.metrics();
      endResponse(
        new fetchAPI.Response(body, {
          status: 200,
          headers: { 'content-type': options.registry.contentType },
        }),
      );
      return;
    }
    const report = await options.readiness();
    endResponse(
      new fetchAPI.Response(JSON.stringify(report), {
        status: report.ready ? 200 : 503,
        headers: { 'content-type': 'application/json' },
      }),
    );
  }
}
