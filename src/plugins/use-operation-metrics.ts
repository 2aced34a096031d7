import type { DefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface OperationMetricsOptions {
  /** Upstream HTTP requests made on behalf of the operation whose context this is. */
  upstreamRequestsOf(context: object): number;
  /** Called once per executed operation. */
  record(operationType: string, upstreamRequests: number): void;
}

/** Records, for each executed operation, its type and how many upstream requests it cost. */
export function useOperationMetrics(options: OperationMetricsOptions): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone() {
          const operation = args.document.definitions.find(
            (d: DefinitionNode) => d.kind === 'OperationDefinition',
          );
          const operationType = operation && 'operation' in operation ? operation.operation : 'query';
          options.record(operationType, options.upstreamRequestsOf(args.contextValue as object));
        },
      };
    },
  };
}
