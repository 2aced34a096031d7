import type { ExecutionResult, Executor } from '@graphql-tools/utils';
import type { DocumentNode, ExecutionArgs } from 'graphql';

/** An upstream executor's answer to a query, or what it threw. */
export type Fetched = { result: ExecutionResult } | { error: unknown };

/**
 * Sends `document` as a query for the client operation `args` (its name and context, so aborts and
 * the account reach the upstream call) through `executor`, the way delegation calls it.
 */
export async function fetchQuery(
  executor: Executor,
  args: ExecutionArgs,
  document: DocumentNode,
  variables: Record<string, unknown>,
): Promise<Fetched> {
  try {
    const result = await executor({
      document,
      variables,
      ...(args.operationName ? { operationName: args.operationName } : {}),
      operationType: 'query' as never,
      context: args.contextValue as Record<string, unknown>,
    });
    if (Symbol.asyncIterator in (result as object))
      throw new Error('The upstream answered a query incrementally');
    return { result: result as ExecutionResult };
  } catch (error) {
    return { error };
  }
}
