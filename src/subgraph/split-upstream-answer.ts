/**
 * The pass-through fast path sends a client query upstream as one request; the normal path sends one
 * delegation per root field, which the batching executor merges into one request and splits again,
 * and the validating executor checks each delegation's share (src/upstream/validate-result.ts). This
 * module turns the pass-through answer into exactly those shares: per root field, keyed by the field
 * name (delegation drops root aliases), errors routed as `@graphql-tools/batch-execute` and
 * src/upstream/batch-error-paths.ts route them, each share validated against its own request — so
 * that messages, paths and which field an error lands on are what the normal path produces.
 */
import { type ExecutionResult, relocatedError } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { valueAt } from '../upstream/batch-error-paths.ts';
import { validateUpstreamResult } from '../upstream/validate-result.ts';

/** One delegation of the normal path: a root response key and the request delegation would send for it. */
export interface RootShare {
  key: string;
  fieldName: string;
  /** The root fields of that key without their alias, with the document's fragments. */
  document: DocumentNode;
}

/** The delegations the normal path makes for `document` (root `__typename` is answered locally: none). */
export function rootShares(document: DocumentNode, operationName?: string | null): RootShare[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  const byKey = new Map<string, FieldNode[]>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
    const key = selection.alias?.value ?? selection.name.value;
    const { alias: _alias, ...unaliased } = selection;
    byKey.set(key, [...(byKey.get(key) ?? []), unaliased]);
  }
  return [...byKey].map(([key, fields]) => {
    const own: OperationDefinitionNode = {
      kind: Kind.OPERATION_DEFINITION,
      operation: operation.operation,
      ...(operation.variableDefinitions ? { variableDefinitions: operation.variableDefinitions } : {}),
      selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
    };
    return {
      key,
      fieldName: fields[0]!.name.value,
      document: { kind: Kind.DOCUMENT, definitions: [own, ...fragments] },
    };
  });
}

/** Each root share's result, as the validating executor would have returned it to its delegation. */
export function splitUpstreamAnswer(
  answer: ExecutionResult,
  shares: readonly RootShare[],
  variables: Record<string, unknown>,
  upstreamSchema: GraphQLSchema,
): Map<string, ExecutionResult> {
  const split = shares.length === 1 ? [single(answer, shares[0]!)] : merged(answer, shares);
  return new Map(
    shares.map((share, i) => [
      share.key,
      validateUpstreamResult({ document: share.document, variables }, split[i]!, upstreamSchema),
    ]),
  );
}

/** A batch of one is sent as is and not split: only the root key is renamed to the field name. */
function single(answer: ExecutionResult, share: RootShare): ExecutionResult {
  const data = answer.data as Record<string, unknown> | null | undefined;
  const errors = answer.errors?.map((e) => (e.path?.[0] === share.key ? renamed(e, share.fieldName) : e));
  return {
    data: data == null ? data : share.key in data ? { [share.fieldName]: data[share.key] } : {},
    ...(errors ? { errors } : {}),
  };
}

function merged(answer: ExecutionResult, shares: readonly RootShare[]): ExecutionResult[] {
  const data = answer.data as Record<string, unknown> | null | undefined;
  const results: ExecutionResult[] = shares.map((share) =>
    data != null && share.key in data ? { data: { [share.fieldName]: data[share.key] } } : {},
  );
  const add = (i: number, error: GraphQLError) => {
    const result = results[i]!;
    result.errors = [...(result.errors ?? []), error];
  };
  for (const error of answer.errors ?? []) {
    const targets = error.path ? errorTargets(error.path, shares, data) : undefined;
    if (targets === undefined) for (let i = 0; i < shares.length; i++) add(i, error);
    else for (const i of targets) add(i, renamed(error, shares[i]!.fieldName));
  }
  for (const result of results) {
    if (!('data' in result)) result.data = data === null ? null : result.errors ? undefined : {};
  }
  return results.map((r) => (r.data === undefined ? { errors: r.errors ?? [] } : r));
}

/**
 * The shares an error with a path belongs to: its root key's; for a path naming a field instead of a
 * key (batch-error-paths.ts), the fields of that name whose value there is missing, else all of them;
 * undefined (every share) when it names neither.
 */
function errorTargets(
  path: ReadonlyArray<string | number>,
  shares: readonly RootShare[],
  data: Record<string, unknown> | null | undefined,
): number[] | undefined {
  const [head, ...rest] = path;
  const byKey = shares.findIndex((s) => s.key === head);
  if (byKey >= 0) return [byKey];
  const named = shares.flatMap((s, i) => (s.fieldName === head ? [i] : []));
  if (named.length === 0) return undefined;
  const failed = named.filter((i) => valueAt(data, [shares[i]!.key, ...rest]) == null);
  return failed.length > 0 ? failed : named;
}

function renamed(error: GraphQLError, fieldName: string): GraphQLError {
  return relocatedError(error, [fieldName, ...(error.path ?? []).slice(1)]);
}
