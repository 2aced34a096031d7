import type { Plugin } from 'graphql-yoga';
import type { MinimalLogger } from '../upstream/logger-types.ts';
import { requestScopeOf } from './use-request-scope.ts';

export interface AccessLogOptions {
  logger: MinimalLogger;
  /** Share of successful requests logged (0..1); failed ones (HTTP >= 400 or errors) are always logged. @default 1 */
  sampleRate?: number;
  /** Path of the GraphQL endpoint; other paths (/health, /metrics) are not logged. @default '/graphql' */
  graphqlEndpoint?: string;
  /** Randomness of the sampling (tests). @default Math.random */
  random?: () => number;
}

/**
 * One `info` line per GraphQL request ("request completed"): method, path, HTTP status, duration,
 * operation name and type, upstream calls and error codes (`clientDisconnected: true` when the client
 * went away first), plus the request id and trace id. Needs useRequestScope registered before it, and
 * useResponseCodes for the codes.
 */
export function useAccessLog(options: AccessLogOptions): Plugin {
  const sampleRate = options.sampleRate ?? 1;
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const random = options.random ?? Math.random;
  return {
    onResponse({ request, response }) {
      const scope = requestScopeOf(request);
      if (!scope) return;
      const path = new URL(request.url, 'http://localhost').pathname;
      if (path !== endpoint) return;
      const failed = response.status >= 400 || scope.errorCodes.length > 0 || scope.clientDisconnected;
      if (!failed && (sampleRate <= 0 || (sampleRate < 1 && random() >= sampleRate))) return;
      options.logger.info(
        {
          requestId: scope.requestId,
          method: request.method,
          path,
          status: response.status,
          durationMs: Math.round((performance.now() - scope.startedAt) * 1000) / 1000,
          operationName: scope.operationName ?? null,
          operationType: scope.operationType ?? null,
          upstreamRequests: scope.upstreamRequests,
          errorCodes: [...new Set(scope.errorCodes)],
          ...(scope.clientDisconnected ? { clientDisconnected: true } : {}),
        },
        'request completed',
      );
    },
  };
}
