/**
 * Error paths of a merged batch, made safe for `@graphql-tools/batch-execute` (issue #8 failure mode 11).
 * batch-execute aliases each merged root field `_v<i>_<key>` and routes every error by that prefix in its
 * path; an error whose path names the field instead (`["space"]`, as some servers answer) made it throw
 * "Path space does not contain correctly prefixed key" for the whole batch, entities with data included.
 */
import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import { GraphQLError, getOperationAST, Kind } from 'graphql';

const PREFIXED = /^_v\d+_./;

/**
 * The result with each error whose path carries no batch prefix pointed at the merged root field it
 * concerns: the only field of that name; among several, those whose value at the error's path is
 * missing (the one that failed); when that leaves none or the name is unknown, every field of that name,
 * or with no path at all (batch-execute then gives it to every caller). `result` itself when no error
 * needs it, or when the request is not a merged batch.
 */
export function repairBatchErrorPaths(merged: ExecutionRequest, result: ExecutionResult): ExecutionResult {
  const errors = result.errors;
  if (!errors?.some(needsRepair)) return result;
  const keysByField = rootKeysByFieldName(merged);
  // A batch of one is sent as is (no prefixes) and not split: its paths are the caller's own.
  if (keysByField.size === 0) return result;
  const data = (result.data ?? {}) as Record<string, unknown>;
  const repaired: GraphQLError[] = [];
  for (const error of errors) {
    if (!needsRepair(error)) {
      repaired.push(error);
      continue;
    }
    const [head, ...rest] = error.path as ReadonlyArray<string | number>;
    const keys = (typeof head === 'string' ? keysByField.get(head) : undefined) ?? [];
    const failed = keys.filter((key) => valueAt(data, [key, ...rest]) == null);
    const targets = failed.length > 0 ? failed : keys;
    if (targets.length === 0) {
      repaired.push(withPath(error, undefined));
      continue;
    }
    for (const key of targets) repaired.push(withPath(error, [key, ...rest]));
  }
  return { ...result, errors: repaired };
}

function needsRepair(error: GraphQLError): boolean {
  return (
    error.path != null && !error.path.some((segment) => typeof segment === 'string' && PREFIXED.test(segment))
  );
}

/** Field name → the prefixed response keys of the merged request's root fields with that name. */
function rootKeysByFieldName(request: ExecutionRequest): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const operation = getOperationAST(request.document, request.operationName);
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD || !selection.alias || !PREFIXED.test(selection.alias.value)) continue;
    const keys = byName.get(selection.name.value) ?? [];
    keys.push(selection.alias.value);
    byName.set(selection.name.value, keys);
  }
  return byName;
}

/** The value at `path` in `data`, undefined where the path leaves it. */
export function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = data;
  for (const segment of path) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function withPath(error: GraphQLError, path: ReadonlyArray<string | number> | undefined): GraphQLError {
  return new GraphQLError(error.message, {
    ...(path ? { path } : {}),
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: error.extensions,
  });
}
