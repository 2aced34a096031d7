import type { DefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SubgraphMetrics } from '../observability/metrics.ts';
import { requestScopeOf } from './use-request-scope.ts';

export interface OperationMetricsOptions {
  metrics: Pick<SubgraphMetrics, 'clientRequest' | 'inboundStarted' | 'inboundFinished'>;
  /** Upstream HTTP requests made on behalf of the operation whose context this is. */
  upstreamRequestsOf(context: object): number;
  /** Path of the GraphQL endpoint; only its requests are measured. @default '/graphql' */
  graphqlEndpoint?: string;
}

/**
 * Inbound SLO metrics: requests in flight, duration by operation type and (bounded) name, errors by
 * `extensions.code` (parse and validation failures included, as they never reach execution), and per
 * executed operation its type and upstream cost. Reads operation and codes from useRequestScope, which
 * must be registered before it.
 */
export function useOperationMetrics(options: OperationMetricsOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const leave = new WeakMap<Request, () => void>();
  return {
    onRequest({ request, url }) {
      if (url.pathname === endpoint) leave.set(request, options.metrics.inboundStarted());
    },
    onExecute({ args }) {
      return {
        onExecuteDone() {
          const operation = args.document.definitions.find(
            (d: DefinitionNode) => d.kind === 'OperationDefinition',
          );
          const operationType = operation && 'operation' in operation ? operation.operation : 'query';
          options.metrics.clientRequest(
            operationType,
            options.upstreamRequestsOf(args.contextValue as object),
          );
        },
      };
    },
    onResponse({ request }) {
      const done = leave.get(request);
      if (!done) return;
      done();
      leave.delete(request);
      const scope = requestScopeOf(request);
      if (!scope) return;
      options.metrics.inboundFinished({
        operationType: scope.operationType ?? 'unknown',
        operationName: scope.operationName,
        durationMs: performance.now() - scope.startedAt,
        errorCodes: scope.errorCodes,
        clientDisconnected: scope.clientDisconnected,
      });
    },
  };
}
