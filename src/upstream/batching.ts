import { createBatchingExecutor as batchExecute } from '@graphql-tools/batch-execute';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { getOperationAST } from 'graphql';
import { repairBatchErrorPaths } from './batch-error-paths.ts';
import { spaceGuidOf } from './space-guid.ts';

export interface BatchingOptions {
  /** Most root fields merged into one upstream request. @default 100 */
  maxBatchSize?: number;
}

/** The requests of one client request and Space merged into one upstream request, while it fills. */
interface Bucket {
  execute: Executor;
  /** Root fields it holds so far. */
  fields: number;
  /** False once its batch was sent: later requests start a new bucket. */
  open: boolean;
}

/**
 * A batching executor: queries delegated in the same tick of one client request are merged into one
 * upstream HTTP request (aliased root fields), as long as they go to the same Space: requests with
 * different SPACE_GUID headers are never merged. At most `maxBatchSize` root FIELDS go into one
 * request, whatever the number of requests they came in (an entity batch is one request of many
 * `space` fields): a request that would overflow the batch being filled starts the next one.
 * Mutations and requests without a context bypass batching entirely, so a mutation is never merged
 * or de-duplicated. Error paths that name a field instead of its batch alias are repaired before
 * the batch is split (see batch-error-paths.ts).
 */
export function createBatchingExecutor(base: Executor, options: BatchingOptions = {}): Executor {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const repairing: Executor = async (merged: ExecutionRequest) => {
    const result = await base(merged);
    if (Symbol.asyncIterator in (result as object)) return result;
    return repairBatchErrorPaths(merged, result as ExecutionResult);
  };
  // The bucket being filled per (client request context, space guid): each client request gets
  // its own batches, and nothing outlives the request.
  const buckets = new WeakMap<object, Map<string, Bucket>>();

  const openBucket = (): Bucket => {
    const bucket: Bucket = { execute: repairing, fields: 0, open: true };
    bucket.execute = batchExecute(repairing, {
      maxBatchSize,
      // DataLoader's own schedule (after the promise jobs of this tick), noting the batch is gone.
      batchScheduleFn: (dispatch) =>
        afterPromiseJobs(() => {
          bucket.open = false;
          dispatch();
        }),
    });
    return bucket;
  };

  return (request: ExecutionRequest) => {
    const operation = getOperationAST(request.document, request.operationName);
    const operationType = request.operationType ?? operation?.operation;
    const context = request.context as object | undefined;
    if (operationType !== 'query' || context == null || typeof context !== 'object') {
      return base(request);
    }
    let byGuid = buckets.get(context);
    if (!byGuid) {
      byGuid = new Map();
      buckets.set(context, byGuid);
    }
    const guid = spaceGuidOf(request) ?? '';
    const fields = Math.max(1, operation?.selectionSet.selections.length ?? 1);
    let bucket = byGuid.get(guid);
    if (!bucket?.open || bucket.fields + fields > maxBatchSize) {
      bucket = openBucket();
      byGuid.set(guid, bucket);
    }
    bucket.fields += fields;
    return bucket.execute(request);
  };
}

const resolved = Promise.resolve();

/** When DataLoader dispatches by default: a tick after the promise jobs queued so far. */
function afterPromiseJobs(fn: () => void): void {
  void resolved.then(() => process.nextTick(fn));
}
