import { getBatchingExecutor } from '@graphql-tools/batch-execute';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { getOperationAST } from 'graphql';
import { repairBatchErrorPaths } from './batch-error-paths.ts';
import { spaceGuidOf } from './space-guid.ts';

export interface BatchingOptions {
  /** Most root fields merged into one upstream request. @default 100 */
  maxBatchSize?: number;
}

/**
 * A batching executor: queries delegated in the same tick of one client request are merged into one
 * upstream HTTP request (aliased root fields), as long as they go to the same Space: requests with
 * different SPACE_GUID headers are never merged. Mutations and requests without a context bypass
 * batching entirely, so a mutation is never merged or de-duplicated. Error paths that name a field
 * instead of its batch alias are repaired before the batch is split (see batch-error-paths.ts).
 */
export function createBatchingExecutor(base: Executor, options: BatchingOptions = {}): Executor {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const repairing: Executor = async (merged: ExecutionRequest) => {
    const result = await base(merged);
    if (Symbol.asyncIterator in (result as object)) return result;
    return repairBatchErrorPaths(merged, result as ExecutionResult);
  };
  // One batching key object per (client request context, space guid). getBatchingExecutor
  // memoizes its DataLoader on that key, so each client request gets its own batches.
  const keys = new WeakMap<object, Map<string, object>>();

  return (request: ExecutionRequest) => {
    const operationType = request.operationType ?? getOperationAST(request.document)?.operation;
    const context = request.context as object | undefined;
    if (operationType !== 'query' || context == null || typeof context !== 'object') {
      return base(request);
    }
    let byGuid = keys.get(context);
    if (!byGuid) {
      byGuid = new Map();
      keys.set(context, byGuid);
    }
    const guid = spaceGuidOf(request) ?? '';
    let key = byGuid.get(guid);
    if (!key) {
      key = {};
      byGuid.set(guid, key);
    }
    return getBatchingExecutor(key, repairing, { maxBatchSize })(request);
  };
}
