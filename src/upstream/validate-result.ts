/**
 * Checks an upstream answer against the upstream schema and the document that was sent (issue #8
 * failure mode 6). Boomi can answer 200 with `{"data": null}`, `{"errors": []}`, a field of the wrong
 * type or without a non-null field; left alone, the first two reach clients as a silent `null` and the
 * others as INTERNAL_SERVER_ERROR without a path. Each problem becomes an UPSTREAM_BAD_RESPONSE error at
 * the field's path, and the value there becomes null, so the delegation layer reports it at that field
 * and the entities around it keep their data.
 */
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';

type Path = ReadonlyArray<string | number>;

interface Problem {
  path: Path;
  message: string;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Paths of the upstream's own errors: a null or a missing value there (or above, or below) is explained. */
  explained: Path[];
  problems: Problem[];
}

/**
 * The result with every mismatch turned into an UPSTREAM_BAD_RESPONSE error at its path (the value
 * there set to null), or `result` itself when it matches. Errors are not retryable for a mutation: the
 * change may have been applied.
 */
export function validateUpstreamResult(
  request: ExecutionRequest,
  result: ExecutionResult,
  schema: GraphQLSchema,
): ExecutionResult {
  const operation = getOperationAST(request.document, request.operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  const errors = result.errors ?? [];
  // An upstream error without a path may concern any field: nothing can be said about the data.
  if (!operation || !rootType || errors.some((e) => !e.path)) return result;
  const walk: Walk = {
    schema,
    fragments: new Map(
      request.document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    ),
    variables: request.variables ?? {},
    explained: errors.map((e) => e.path ?? []),
    problems: [],
  };
  const raw: unknown = result.data;
  // Not an object (a number, a list…): as unusable as no data at all.
  const data =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : undefined;
  if (data === undefined && raw == null && errors.length > 0) return result;
  checkObject(walk, operation.selectionSet, rootType, data ?? {}, undefined);
  if (walk.problems.length === 0) return result;
  const mutation = operation.operation === 'mutation';
  return {
    ...result,
    data: withNulls(data ?? {}, walk.problems),
    errors: [
      ...errors,
      ...walk.problems.map((p) =>
        subgraphError('UPSTREAM_BAD_RESPONSE', {
          message: mutation ? `${p.message} The change may have been applied.` : p.message,
          path: p.path,
          ...(mutation ? { retryable: false } : {}),
        }),
      ),
    ],
  };
}

/** Wraps an executor so that every result it returns is checked by {@link validateUpstreamResult}. */
export function validatingExecutor(executor: Executor, schema: GraphQLSchema): Executor {
  return async (request: ExecutionRequest) => {
    const result = await executor(request);
    if (Symbol.asyncIterator in (result as object)) return result;
    return validateUpstreamResult(request, result as ExecutionResult, schema);
  };
}

/**
 * The path of the value being checked, built as a linked list: most values are fine, and an array per
 * field of every object of a list would be most of the walk's cost. Made an array when a problem is found.
 */
type WalkPath = { prev: WalkPath; key: string | number } | undefined;

function toArray(path: WalkPath): Array<string | number> {
  const out: Array<string | number> = [];
  for (let p = path; p; p = p.prev) out.push(p.key);
  return out.reverse();
}

function checkObject(
  walk: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType | GraphQLCompositeType,
  value: Record<string, unknown>,
  path: WalkPath,
): void {
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      checkField(walk, selection, type, value, path);
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
    if (condition && appliesTo(walk.schema, condition, type)) {
      checkObject(walk, fragment.selectionSet, type, value, path);
    }
  }
}

function checkField(
  walk: Walk,
  field: FieldNode,
  parent: GraphQLCompositeType,
  value: Record<string, unknown>,
  path: WalkPath,
): void {
  const key = field.alias?.value ?? field.name.value;
  const fieldPath: WalkPath = { prev: path, key };
  if (field.name.value === '__typename') {
    if (typeof value[key] !== 'string')
      reportUnexplained(walk, fieldPath, (at) => `Boomi answered without __typename at ${at}.`);
    return;
  }
  const definition =
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!definition) return;
  if (!(key in value)) {
    reportUnexplained(walk, fieldPath, (at) => `Boomi answered without a value for ${at}.`);
    return;
  }
  checkValue(walk, definition.type, value[key], field.selectionSet, fieldPath);
}

function checkValue(
  walk: Walk,
  type: GraphQLOutputType,
  value: unknown,
  selectionSet: SelectionSetNode | undefined,
  path: WalkPath,
): void {
  if (value === null || value === undefined) {
    if (isNonNullType(type))
      reportUnexplained(walk, path, (at) => `Boomi returned null for the non-null field ${at}.`);
    return;
  }
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return void mismatch(walk, type, value, path);
    for (let i = 0; i < value.length; i++) {
      checkValue(walk, nullable.ofType, value[i], selectionSet, { prev: path, key: i });
    }
    return;
  }
  if (isCompositeType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return void mismatch(walk, type, value, path);
    const record = value as Record<string, unknown>;
    const concrete = concreteType(walk.schema, nullable, record.__typename);
    if (selectionSet && concrete) checkObject(walk, selectionSet, concrete, record, path);
    return;
  }
  if (!leafMatches(getNamedType(nullable), value)) mismatch(walk, type, value, path);
}

function mismatch(walk: Walk, type: GraphQLOutputType, value: unknown, at: WalkPath): void {
  const path = toArray(at);
  report(walk, {
    path,
    message: `Boomi returned ${describe(value)} where ${String(type)} is expected at ${dotted(path)}.`,
  });
}

/** Reports a missing or null value, unless an upstream error explains it. */
function reportUnexplained(walk: Walk, at: WalkPath, message: (dotted: string) => string): void {
  const path = toArray(at);
  if (!isExplained(walk, path)) report(walk, { path, message: message(dotted(path)) });
}

/** The object type a composite value is, when it can be told (`__typename` for abstract types). */
function concreteType(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  typename: unknown,
): GraphQLCompositeType | undefined {
  if (!isAbstractType(type)) return type;
  const named = typeof typename === 'string' ? schema.getType(typename) : undefined;
  if (named && isObjectType(named) && schema.isSubType(type, named)) return named;
  // Without a usable __typename, an interface's own fields can still be checked; a union's cannot.
  return isInterfaceType(type) ? type : undefined;
}

function leafMatches(type: ReturnType<typeof getNamedType>, value: unknown): boolean {
  if (isEnumType(type)) return typeof value === 'string' && type.getValue(value) !== undefined;
  if (!isScalarType(type)) return true;
  switch (type.name) {
    case 'String':
      return typeof value === 'string';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Int':
      return Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'ID':
      return typeof value === 'string' || Number.isInteger(value);
    default:
      // Custom scalars (Upload, dates…) carry no shape we could check.
      return true;
  }
}

function appliesTo(
  schema: GraphQLSchema,
  condition: ReturnType<GraphQLSchema['getType']>,
  type: GraphQLCompositeType,
) {
  if (!condition || !isCompositeType(condition)) return false;
  if (condition.name === type.name) return true;
  return isAbstractType(condition) && isObjectType(type) && schema.isSubType(condition, type);
}

/** False when `@skip`/`@include` exclude the selection (a directive we cannot evaluate counts as excluded). */
function included(walk: Walk, selection: SelectionSetNode['selections'][number]): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    const condition = arg ? valueFromASTUntyped(arg.value, walk.variables) : undefined;
    if (typeof condition !== 'boolean') return false;
    if ((name === 'skip') === condition) return false;
  }
  return true;
}

/** Records a problem once per path (a field selected twice is one field). */
function report(walk: Walk, problem: Problem): void {
  const key = problem.path.join('\u0000');
  if (walk.problems.some((p) => p.path.join('\u0000') === key)) return;
  walk.problems.push(problem);
}

function isExplained(walk: Walk, path: Path): boolean {
  return walk.explained.some((errorPath) => {
    const n = Math.min(errorPath.length, path.length);
    for (let i = 0; i < n; i++) if (errorPath[i] !== path[i]) return false;
    return true;
  });
}

/** A copy of `data` with null at each problem's path. */
function withNulls(data: Record<string, unknown>, problems: Problem[]): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const { path } of problems) {
    let node: unknown = copy;
    for (let i = 0; i < path.length - 1 && node != null && typeof node === 'object'; i++) {
      node = (node as Record<string | number, unknown>)[path[i] as string | number];
    }
    if (node != null && typeof node === 'object') {
      (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = null;
    }
  }
  return copy;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function dotted(path: Path): string {
  return path.join('.');
}
