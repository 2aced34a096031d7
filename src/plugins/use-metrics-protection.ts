import type { Plugin } from 'graphql-yoga';
import { bearerToken, secretsMatch } from '../http/constant-time.ts';
import { httpRefusal, refusalResponse } from '../http/refusal.ts';

export interface MetricsProtectionOptions {
  /** `/metrics` requires `Authorization: Bearer <token>`; undefined: open. @default undefined */
  token?: string | undefined;
  /** `/metrics` is served on its own port: answer 404 on this one. @default false */
  servedElsewhere?: boolean;
  /** @default '/metrics' */
  metricsPath?: string;
}

/** The 401 of a `/metrics` request without the right bearer token (a GraphQL error body, like all refusals). */
export function metricsRefusal(): Response {
  return refusalResponse(
    httpRefusal('UNAUTHENTICATED', {
      status: 401,
      message: 'Authentication required: /metrics needs the metrics bearer token.',
      headers: { 'www-authenticate': 'Bearer realm="metrics"' },
    }),
  );
}

/** True when the request may read the metrics. */
export function metricsAllowed(authorization: string | null, token: string | undefined): boolean {
  return token === undefined || secretsMatch(bearerToken(authorization), token);
}

/**
 * Guards `/metrics` (`METRICS_TOKEN`, `METRICS_PORT`). Placed before the plugin that serves it: an
 * `onRequest` hook that ends the response first wins.
 */
export function useMetricsProtection(options: MetricsProtectionOptions): Plugin {
  const metricsPath = options.metricsPath ?? '/metrics';
  if (options.token === undefined && !options.servedElsewhere) return {};
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== metricsPath) return;
      if (options.servedElsewhere) {
        endResponse(new fetchAPI.Response(null, { status: 404 }));
      } else if (!metricsAllowed(request.headers.get('authorization'), options.token)) {
        endResponse(metricsRefusal());
      }
    },
  };
}
