import { createBatchingExecutor } from '@graphql-tools/batch-execute';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { getOperationAST, type OperationDefinitionNode } from 'graphql';
import { repairBatchErrorPaths } from './batch-error-paths.ts';
import { callerSignalOf } from './dedup-layer.ts';
import { spaceGuidOf } from './space-guid.ts';
import { stableJson } from './stable-json.ts';

export interface CoalesceLayerOptions {
  /** Merge queued queries while every upstream slot is busy. @default true */
  enabled?: boolean;
  /** Upstream calls this layer lets out at once before it starts merging: the governor's concurrency now. */
  capacity: () => number;
  /** Most root fields one merged upstream request may hold (ENTITY_MAX_BATCH_SIZE). */
  maxBatchSize: number;
  /**
   * Longest a query waits here for a slot to free; then it goes on alone, into the governor's queue
   * (whose limits, shedding and deadline then apply as to any call). UPSTREAM_QUEUE_MAX_WAIT_MS.
   */
  maxWaitMs: number;
  /** Called with the number of queries each merged upstream request carried (metrics). */
  onMerged?: (queries: number) => void;
}

interface Member {
  request: ExecutionRequest;
  resolve(result: ExecutionResult): void;
  reject(error: unknown): void;
  /** Detaches the abort listener and the wait timer. */
  settle(): void;
}

interface Group {
  key: string;
  members: Set<Member>;
  fields: number;
  /** Aborts the merged call once every member has gone. */
  controller: AbortController;
}

/**
 * Queue coalescing (ADR 0061): while every upstream slot of the account is busy, queries that would wait
 * in the governor's queue wait here instead, in groups per SPACE_GUID of at most `maxBatchSize` root
 * fields (a full group keeps its place in line and the next query opens a group behind it), and the
 * oldest group leaves as ONE merged upstream request (aliased root fields, @graphql-tools/batch-execute) as soon as a call of this layer
 * settles. Under saturation the account's few slots then carry many queries each: throughput is no longer
 * capped by the slot count, and Boomi's rate budget is spent on fewer requests. Below saturation nothing
 * changes: a query goes straight on. Mutations, subscriptions and queries with files always go alone.
 * Each member keeps its own abort signal (leaving rejects it alone; the merged call is aborted only when
 * every member has left) and gets its own part of the result, with its own error paths.
 */
export function createCoalesceLayer(next: Executor, options: CoalesceLayerOptions): Executor {
  if (options.enabled === false) return next;
  // Groups waiting for a slot, oldest first; the open one of each SPACE_GUID (the last) takes new members.
  const line: Group[] = [];
  const open = new Map<string, Group>();
  let outstanding = 0;

  function remove(group: Group): void {
    const index = line.indexOf(group);
    if (index >= 0) line.splice(index, 1);
    if (open.get(group.key) === group) open.delete(group.key);
  }

  const dispatch = (request: ExecutionRequest): Promise<ExecutionResult> => {
    outstanding++;
    return Promise.resolve()
      .then(() => next(request) as Promise<ExecutionResult>)
      .finally(() => {
        outstanding--;
        drain();
      });
  };

  function drain(): void {
    while (line.length > 0 && outstanding < options.capacity()) {
      const group = line[0]!;
      remove(group);
      send(group);
    }
  }

  function send(group: Group): void {
    const members = [...group.members];
    if (members.length === 0) return;
    if (members.length > 1) options.onMerged?.(members.length);
    // A loader of its own per group: every load below lands in one batch, dispatched as one request.
    const merge = createBatchingExecutor((merged: ExecutionRequest) =>
      dispatch({ ...merged, signal: group.controller.signal }).then((result) =>
        repairBatchErrorPaths(merged, result),
      ),
    );
    for (const member of members) {
      const { signal: _own, ...request } = member.request;
      Promise.resolve(merge(request) as Promise<ExecutionResult>).then(member.resolve, member.reject);
    }
  }

  function join(group: Group, request: ExecutionRequest): Promise<ExecutionResult> {
    const signal = callerSignalOf(request);
    return new Promise<ExecutionResult>((resolve, reject) => {
      const leave = () => {
        group.members.delete(member);
        if (group.members.size === 0) {
          remove(group);
          group.controller.abort(signal?.reason);
        }
      };
      const onAbort = () => {
        member.settle();
        leave();
        reject(signal?.reason);
      };
      // Waited long enough for a slot: go on alone, into the governor's queue.
      const timer = setTimeout(() => {
        if (!line.includes(group)) return;
        member.settle();
        leave();
        dispatch(request).then(resolve, reject);
      }, options.maxWaitMs);
      const member: Member = {
        request,
        settle: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
        resolve: (result) => {
          member.settle();
          resolve(result);
        },
        reject: (error) => {
          member.settle();
          reject(error);
        },
      };
      group.members.add(member);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return (request: ExecutionRequest) => {
    if (outstanding < options.capacity() && line.length === 0) return dispatch(request);
    const operation = getOperationAST(request.document, request.operationName);
    if (!mergeable(request, operation)) return dispatch(request);
    const signal = callerSignalOf(request);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const key = spaceGuidOf(request) ?? '';
    const fields = operation!.selectionSet.selections.length;
    if (fields > options.maxBatchSize) return dispatch(request);
    let group = open.get(key);
    // A full group keeps its place in line; a new one opens behind it.
    if (!group || group.fields + fields > options.maxBatchSize) {
      group = { key, members: new Set(), fields: 0, controller: new AbortController() };
      open.set(key, group);
      line.push(group);
    }
    group.fields += fields;
    const joined = join(group, request);
    drain();
    return joined;
  };
}

/** Queries only, whose variables are plain JSON (no files), with a single operation to merge. */
function mergeable(
  request: ExecutionRequest,
  operation: OperationDefinitionNode | null | undefined,
): boolean {
  if (operation?.operation !== 'query' || (request.operationType ?? 'query') !== 'query') return false;
  return stableJson(request.variables ?? {}) !== undefined;
}
