import type { Plugin } from 'graphql-yoga';
import { subgraphError } from '../errors/subgraph-error.ts';
import { type EstimateOptions, estimateUpstreamRequests } from '../subgraph/estimate-upstream-requests.ts';

export interface UpstreamCostBudgetOptions extends EstimateOptions {
  /** Most Boomi requests one operation may be estimated to cause. @default 50 */
  maxUpstreamRequests?: number;
}

/**
 * Refuses, before execution, an operation estimated to cost more Boomi requests than the budget
 * (OPERATION_TOO_EXPENSIVE, HTTP 400, the estimate and the budget in `extensions`): one short query
 * must not spend the account's rate limit (docs/security.md, "Upstream cost budget").
 */
export function useUpstreamCostBudget(options: UpstreamCostBudgetOptions = {}): Plugin {
  const max = options.maxUpstreamRequests ?? 50;
  const counted = {
    listed: { ...options, entities: 'listed' },
    distinct: { ...options, entities: 'distinct' },
  } as const satisfies Record<string, EstimateOptions>;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = (entities: keyof typeof counted) =>
        estimateUpstreamRequests(
          args.schema,
          args.document,
          args.variableValues ?? undefined,
          args.operationName ?? undefined,
          counted[entities],
        );
      // Counting listed representations bounds the estimate from above without walking them (100
      // `_entities` representations cost 5 % of a request's CPU): only one over the budget is counted.
      if (estimate('listed') <= max) return;
      const exact = estimate('distinct');
      if (exact <= max) return;
      const shown = Number.isFinite(exact) ? String(exact) : 'too many';
      const error = subgraphError('OPERATION_TOO_EXPENSIVE', {
        message: `The operation would cost ${shown} requests to the Spaces service; at most ${max} are allowed per operation.`,
      });
      // A document whose fragments fan out past the walk's budget has no finite estimate to show.
      Object.assign(error.extensions, {
        ...(Number.isFinite(exact) ? { estimatedUpstreamRequests: exact } : {}),
        maxUpstreamRequests: max,
        http: { status: 400 },
      });
      setResultAndStopExecution({ errors: [error] });
    },
  };
}
