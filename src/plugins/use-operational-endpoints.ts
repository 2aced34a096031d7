import { type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { ReadinessSnapshot } from '../observability/readiness-monitor.ts';

export interface OperationalEndpointsOptions {
  /** Served as Prometheus text on `GET /metrics`. */
  registry: Registry;
  /**
   * The readiness verdict served on `/ready` (200 when ready, 503 otherwise): the cached one (no I/O),
   * or a promise of the first one.
   */
  readiness: () => ReadinessSnapshot | Promise<ReadinessSnapshot>;
  /** @default '/metrics' */
  metricsPath?: string;
  /** @default '/ready' */
  readyPath?: string;
}

/**
 * `/metrics` (Prometheus) and `/ready` (Yoga's useReadinessCheck answering the cached verdict of
 * readiness-monitor.ts as JSON, so a probe never mints a JWT or calls Boomi). `/health` (process alive)
 * is Yoga's own health check endpoint.
 */
export function useOperationalEndpoints(options: OperationalEndpointsOptions): Plugin {
  const metricsPath = options.metricsPath ?? '/metrics';
  const readyPath = options.readyPath ?? '/ready';
  const readiness = useReadinessCheck({
    endpoint: readyPath,
    check: ({ fetchAPI }) => {
      const answer = (snapshot: ReadinessSnapshot) =>
        new fetchAPI.Response(JSON.stringify(snapshot), {
          status: snapshot.ready ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        });
      const verdict = options.readiness();
      return verdict instanceof Promise ? verdict.then(answer) : answer(verdict);
    },
  });
  return {
    onYogaInit(payload) {
      readiness.onYogaInit?.(payload);
    },
    // Synchronous for every other path: an async hook would cost every GraphQL request a promise. The
    // readiness plugin is consulted only for its own path: its URLPattern test would otherwise run on every request.
    onRequest(payload) {
      const { request, url, endResponse, fetchAPI } = payload;
      if (url.pathname === readyPath) return readiness.onRequest?.(payload);
      if (url.pathname !== metricsPath) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      return options.registry.metrics().then((body) => {
        endResponse(
          new fetchAPI.Response(body, {
            status: 200,
            headers: { 'content-type': options.registry.contentType },
          }),
        );
      });
    },
  };
}
