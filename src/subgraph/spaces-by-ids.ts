import {
  type ExecutionRequest,
  type ExecutionResult,
  type Executor,
  MapperKind,
  mapSchema,
} from '@graphql-tools/utils';
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { SpaceEntityCache } from '../cache/entity-cache.ts';
import { rebuildError } from '../errors/rebuild-error.ts';
import { printDocument, rememberPrinted } from '../upstream/print-document.ts';
import type { EntityPrefetch } from './prefetched-entities.ts';
import { printExpansion } from './print-expansion.ts';

/**
 * Root field added to the upstream schema of the subschema Space entity batches delegate to:
 * `_spacesByIds(ids: [ID!]!): [Space]`. Boomi has no list-by-ids query; {@link spacesByIdsExecutor}
 * sends it as one aliased `space(id:)` per id. Nothing publishes it.
 */
export const SPACES_BY_IDS_FIELD = '_spacesByIds';

/** The upstream schema with {@link SPACES_BY_IDS_FIELD} on its query type. */
export function withSpacesByIdsField(upstream: GraphQLSchema): GraphQLSchema {
  if (!(upstream.getType('Space') instanceof GraphQLObjectType)) {
    throw new Error('withSpacesByIdsField: the upstream schema has no Space type');
  }
  return mapSchema(upstream, {
    [MapperKind.QUERY]: (query) => {
      const config = query.toConfig();
      // mapSchema rewires types by name: this Space reference becomes the new schema's Space.
      const space = upstream.getType('Space') as GraphQLObjectType;
      const ids = { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))) };
      return new GraphQLObjectType({
        ...config,
        fields: { ...config.fields, [SPACES_BY_IDS_FIELD]: { type: new GraphQLList(space), args: { ids } } },
      });
    },
  });
}

export interface SpacesByIdsExecutorOptions {
  /** The get-by-id root field the upstream really has. @default 'space' */
  spaceQueryField?: 'space' | 'Space';
  /** Aliased documents kept for reuse, keyed by the delegated document and the number of ids. @default 100 */
  cacheSize?: number;
  /**
   * Longest delegated document (printed) whose expansion is cached: an entry holds its printed
   * expansion too, up to ids × this many characters, and the selection is the client's. @default 1000
   */
  maxCachedLength?: number;
  /** Called for each expanded request: `reused` when its aliased document came from the cache. */
  onExpand?: (ids: number, reused: boolean) => void;
  /** Batches the pass-through fast path fetched already (prefetched-entities.ts): answered from, not sent. */
  prefetched?: EntityPrefetch;
  /** Per-entity entries of the response cache (src/cache/entity-cache.ts): only ids without one are sent. */
  entityCache?: SpaceEntityCache;
}

/** Response key of the i-th lookup in the upstream document. */
const aliasOf = (i: number) => `e${i}`;
const ALIAS = /^e(\d+)$/;

interface Expansion {
  document: DocumentNode;
  /** The operation's `ids` variable (removed from the upstream variables), if the ids came in one. */
  idsVariable: string | undefined;
  /** Prefix of the per-id variables (`<prefix>0`, `<prefix>1`…). */
  prefix: string;
}

/**
 * Runs `_spacesByIds(ids:) { …selection }` as ONE upstream request `e0: space(id: $id0) { …selection }
 * e1: …` (the same selection node under every alias), and turns the answer back into the list, each
 * error at its item's index. Anything else passes through. The aliased document is cached per
 * delegated document text and number of ids (LRU of `cacheSize`, short documents only): a gateway's repeated `_entities`
 * shape with other representations reuses it, and with it the printed text (print-document.ts).
 */
export function spacesByIdsExecutor(executor: Executor, options: SpacesByIdsExecutorOptions = {}): Executor {
  const fieldName = options.spaceQueryField ?? 'space';
  const cacheSize = options.cacheSize ?? 100;
  const maxCachedLength = options.maxCachedLength ?? 1000;
  const cache = new Map<string, Expansion>();

  function expansionFor(
    operation: OperationDefinitionNode,
    field: FieldNode,
    document: DocumentNode,
    ids: number,
  ) {
    const text = printDocument(document);
    if (text.length > maxCachedLength) {
      options.onExpand?.(ids, false);
      return expand(document, operation, field, fieldName, ids);
    }
    const key = `${ids}\u0000${text}`;
    let expansion = cache.get(key);
    options.onExpand?.(ids, expansion !== undefined);
    if (expansion) {
      cache.delete(key); // re-inserted below: most recently used last
    } else {
      expansion = expand(document, operation, field, fieldName, ids);
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, expansion);
    return expansion;
  }

  return (request: ExecutionRequest) => {
    const operation = request.document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const field = operation?.selectionSet.selections[0];
    if (!operation || field?.kind !== Kind.FIELD || field.name.value !== SPACES_BY_IDS_FIELD) {
      return executor(request);
    }
    const argument = field.arguments?.find((a) => a.name.value === 'ids');
    const ids = argument ? valueFromASTUntyped(argument.value, request.variables) : undefined;
    if (!Array.isArray(ids)) throw new Error(`${SPACES_BY_IDS_FIELD} needs its ids as a list`);
    const prefetched = options.prefetched?.take(request.context, ids);
    if (prefetched) return 'error' in prefetched ? Promise.reject(prefetched.error) : prefetched.result;
    const send = (batch: readonly unknown[]) => {
      const expansion = expansionFor(operation, field, request.document, batch.length);
      const variables: Record<string, unknown> = { ...request.variables };
      if (expansion.idsVariable !== undefined) delete variables[expansion.idsVariable];
      batch.forEach((id, i) => {
        variables[`${expansion.prefix}${i}`] = id;
      });
      const result = executor({ ...request, document: expansion.document, variables });
      return Promise.resolve(result).then((answer) =>
        Symbol.asyncIterator in (answer as object)
          ? (answer as AsyncIterable<ExecutionResult>)
          : listResult(answer as ExecutionResult, batch.length),
      );
    };
    const idsVariable = argument?.value.kind === Kind.VARIABLE ? argument.value.name.value : undefined;
    if (!options.entityCache || idsVariable === undefined) return send(ids);
    return options.entityCache.answer({ request, field, idsVariable, ids }, send);
  };
}

function expand(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
  fieldName: string,
  ids: number,
): Expansion {
  const argument = field.arguments?.find((a) => a.name.value === 'ids');
  const idsVariable = argument?.value.kind === Kind.VARIABLE ? argument.value.name.value : undefined;
  const kept = (operation.variableDefinitions ?? []).filter((d) => d.variable.name.value !== idsVariable);
  let prefix = 'id';
  while (kept.some((d) => d.variable.name.value.startsWith(prefix))) prefix = `_${prefix}`;
  const idType = { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('ID') } } as const;
  const variableDefinitions: VariableDefinitionNode[] = [...kept];
  const selections: FieldNode[] = [];
  for (let i = 0; i < ids; i++) {
    const variable = { kind: Kind.VARIABLE, name: name(`${prefix}${i}`) } as const;
    variableDefinitions.push({ kind: Kind.VARIABLE_DEFINITION, variable, type: idType });
    selections.push({
      kind: Kind.FIELD,
      alias: name(aliasOf(i)),
      name: name(fieldName),
      arguments: [{ kind: Kind.ARGUMENT, name: name('id'), value: variable }],
      ...(field.directives ? { directives: field.directives } : {}),
      ...(field.selectionSet ? { selectionSet: field.selectionSet } : {}),
    });
  }
  const aliased: OperationDefinitionNode = {
    ...operation,
    variableDefinitions,
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const definitions = document.definitions.map((d) => (d === operation ? aliased : d));
  const expanded: DocumentNode = { ...document, definitions };
  const variableOf = (i: number) => `${prefix}${i}`;
  rememberPrinted(
    expanded,
    printExpansion({ document, operation, field, kept, fieldName, aliasOf, variableOf, ids }),
  );
  return { document: expanded, idsVariable, prefix };
}

function name(value: string) {
  return { kind: Kind.NAME, value } as const;
}

/**
 * The upstream answer as `{ _spacesByIds: [...] }`: item i is alias i's value, and an error at
 * `["e<i>", …]` moves to `["_spacesByIds", i, …]`. An error that names no alias (no path, or the
 * field's name instead of the alias, as some servers answer) goes to every null item that has no
 * error of its own, as the batching router's repair does (batch-error-paths.ts); with none, it stays
 * as it is, which the delegation layer treats as unpathed.
 */
export function listResult(result: ExecutionResult, ids: number): ExecutionResult {
  const data = (result.data ?? {}) as Record<string, unknown>;
  const items = Array.from({ length: ids }, (_, i) => data[aliasOf(i)] ?? null);
  const errors: GraphQLError[] = [];
  const unlocated: GraphQLError[] = [];
  const erred = new Set<number>();
  for (const error of result.errors ?? []) {
    const [head, ...rest] = error.path ?? [];
    const match = typeof head === 'string' ? ALIAS.exec(head) : null;
    const i = match ? Number(match[1]) : -1;
    if (i >= 0 && i < ids) {
      erred.add(i);
      errors.push(withPath(error, [SPACES_BY_IDS_FIELD, i, ...rest]));
    } else unlocated.push(error);
  }
  const orphans = items.flatMap((item, i) => (item === null && !erred.has(i) ? [i] : []));
  for (const error of unlocated) {
    if (orphans.length === 0) errors.push(error);
    for (const i of orphans) errors.push(withPath(error, [SPACES_BY_IDS_FIELD, i]));
  }
  const { data: _data, errors: _errors, ...rest } = result;
  return { ...rest, data: { [SPACES_BY_IDS_FIELD]: items }, ...(errors.length > 0 ? { errors } : {}) };
}

/** `error` moved to `path` of a batch's answer (its cause kept): listResult and the entity cache use it. */
export function withPath(error: GraphQLError, path: ReadonlyArray<string | number>): GraphQLError {
  return rebuildError(error, {
    path,
    ...(error.originalError ? { originalError: error.originalError } : {}),
  });
}
