import {
  delegateToSchema,
  getSubschema,
  getUnpathedErrors,
  type IDelegateToSchemaOptions,
  resolveExternalValue,
  type SubschemaConfig,
} from '@graphql-tools/delegate';
import DataLoader from 'dataloader';
import {
  type FieldNode,
  GraphQLError,
  GraphQLList,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  Kind,
  OperationTypeNode,
  type SelectionNode,
} from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';
import { environmentBatch } from './environment-entities.ts';
import { pathOf, relocated } from './relocate-error.ts';
import { SPACES_BY_IDS_FIELD } from './spaces-by-ids.ts';

/** What the entity resolvers need. */
export interface EntityResolverOptions {
  /** The upstream subschema (the one the published schema stitches), resolved lazily. */
  upstream: () => SubschemaConfig;
  /** The upstream subschema with `_spacesByIds` (spaces-by-ids.ts): Space batches delegate to it. */
  spaceBatches: () => SubschemaConfig;
  /** Published name of the Space type (after any type prefix). */
  spaceTypeName: string;
  /** Published name of the AccountGroup type (after any type prefix). */
  accountGroupTypeName: string;
  /** Published name of the Environment type (after any type prefix). */
  environmentTypeName: string;
  /** Most ids one DataLoader batch holds (and so one upstream request). @default 100 */
  maxBatchSize?: number;
  /** Called with the number of distinct ids of each batch (the `subgraph_batch_size{kind="entities"}` metric). */
  onBatch?: (size: number) => void;
}

/** The resolvers built by {@link createEntityResolvers}. */
export interface EntityResolvers {
  /** `Query._entities`: the entities in order, each failed one an Error reported at `[…, index]`. */
  resolveEntities(
    representations: readonly unknown[],
    context: unknown,
    info: GraphQLResolveInfo,
  ): Promise<unknown[]>;
  /** `Query.spacesByIds`: the Spaces in order; a missing id is null with its error at `[…, index]`. */
  resolveSpacesByIds(ids: readonly unknown[], context: unknown, info: GraphQLResolveInfo): Promise<unknown[]>;
  /** The published type of a value these resolvers returned (`_Entity.__resolveType`). */
  typeOf(value: unknown): string | undefined;
}

type Loader = DataLoader<string, unknown>;
type BatchFactory = (
  context: object,
  info: GraphQLResolveInfo,
) => (ids: readonly string[]) => Promise<unknown[]>;

/**
 * Resolves entity representations through DataLoaders created per client request (and per
 * `_entities` field and type, since a gateway may send several aliased `_entities` fields with
 * different selections in one request).
 *
 * - Space: one delegation per batch (at most `maxBatchSize` ids), to `_spacesByIds(ids:)`, which
 *   spaces-by-ids.ts sends upstream as one aliased `space(id:)` per id (one request).
 * - AccountGroup: Boomi has no lookup, so one batch is one `spaces { accountGroup { … } }` request
 *   and each id is found among the groups of the Spaces our account can list (else
 *   ACCOUNT_GROUP_NOT_FOUND).
 * - Environment: no lookup either, and `environments` needs a SPACE_GUID: see environment-entities.ts.
 */
export function createEntityResolvers(options: EntityResolverOptions): EntityResolvers {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const types = new WeakMap<object, string>();
  const factories = new Map<string, BatchFactory>([
    [options.spaceTypeName, (context, info) => spaceBatch(options, context, info)],
    [options.accountGroupTypeName, (context, info) => accountGroupBatch(options, context, info)],
    [
      options.environmentTypeName,
      (context, info) => environmentBatch(options.environmentTypeName, context, info),
    ],
  ]);
  // Per-request state: context → (field nodes → (type → loader)). WeakMaps: nothing outlives the request.
  const loaders = new WeakMap<object, WeakMap<readonly FieldNode[], Map<string, Loader>>>();

  function loaderFor(typeName: string, context: object, info: GraphQLResolveInfo): Loader {
    let byField = loaders.get(context);
    if (!byField) {
      byField = new WeakMap();
      loaders.set(context, byField);
    }
    let byType = byField.get(info.fieldNodes);
    if (!byType) {
      byType = new Map();
      byField.set(info.fieldNodes, byType);
    }
    let loader = byType.get(typeName);
    if (!loader) {
      const batch = factories.get(typeName)!(context, info);
      loader = new DataLoader<string, unknown>(
        async (ids) => {
          options.onBatch?.(ids.length);
          return batch(ids);
        },
        { maxBatchSize: typeName === options.spaceTypeName ? maxBatchSize : Number.POSITIVE_INFINITY },
      );
      byType.set(typeName, loader);
    }
    return loader;
  }

  /**
   * The entities of `keys`, in order, as ONE promise: a failed key is an Error at its place, which
   * graphql-js reports at `[…path, index]` (the field's list items need no promise each).
   */
  function loadAll(
    keys: ReadonlyArray<{ typeName: string; id: string } | GraphQLError>,
    context: object,
    info: GraphQLResolveInfo,
  ): Promise<unknown[]> {
    const path = pathOf(info);
    return Promise.all(
      keys.map((key, index) => {
        if (key instanceof GraphQLError) return relocated(key, [...path, index]);
        // DataLoader rejects the load of an id whose batch result is an Error.
        return loaderFor(key.typeName, context, info)
          .load(key.id)
          .then(
            (value) => {
              if (typeof value === 'object' && value !== null) types.set(value, key.typeName);
              return value;
            },
            (error: unknown) => relocated(asError(error), [...path, index]),
          );
      }),
    );
  }

  const typeNames = [...factories.keys()];
  return {
    resolveEntities: (representations, context, info) =>
      loadAll(
        representations.map((representation) => representationKey(representation, typeNames)),
        contextObject(context),
        info,
      ),
    resolveSpacesByIds: (ids, context, info) =>
      loadAll(
        ids.map((id) => ({ typeName: options.spaceTypeName, id: String(id) })),
        contextObject(context),
        info,
      ),
    typeOf: (value) => (typeof value === 'object' && value !== null ? types.get(value) : undefined),
  };
}

function contextObject(context: unknown): object {
  return typeof context === 'object' && context !== null ? context : {};
}

/** One delegation for the whole batch: `_spacesByIds(ids:)`, sent upstream as aliased `space(id:)` fields. */
function spaceBatch(options: EntityResolverOptions, context: object, info: GraphQLResolveInfo) {
  const returnType = new GraphQLList(info.schema.getType(options.spaceTypeName) as GraphQLObjectType);
  const fieldNodes = [fieldNode(SPACES_BY_IDS_FIELD, selectionsFor(info, options.spaceTypeName))];
  return async (ids: readonly string[]): Promise<unknown[]> => {
    const spaces = await delegated({
      schema: options.spaceBatches(),
      operation: OperationTypeNode.QUERY,
      fieldName: SPACES_BY_IDS_FIELD,
      args: { ids },
      returnType,
      fieldNodes,
      context,
      info,
    });
    // The whole request failed (transport, auth, a thrown transform): every id gets that error.
    if (!Array.isArray(spaces)) return ids.map(() => asError(spaces));
    return ids.map(
      (id, i) =>
        spaces[i] ?? notFound('SPACE_NOT_FOUND', `No Space was returned for the representation (id ${id}).`),
    );
  };
}

/** The delegation's value, or the Error it failed with (thrown or returned). */
async function delegated(delegation: IDelegateToSchemaOptions): Promise<unknown> {
  try {
    return await delegateToSchema(delegation);
  } catch (error) {
    return asError(error);
  }
}

/** Alias of the group id we add to the delegated selection to match groups to ids. */
const GROUP_ID_ALIAS = '__entityKey';

/** One `spaces { accountGroup { … } }` delegation for the whole batch. */
function accountGroupBatch(options: EntityResolverOptions, context: object, info: GraphQLResolveInfo) {
  const spaceType = info.schema.getType(options.spaceTypeName) as GraphQLObjectType;
  const idNode: FieldNode = { ...fieldNode('id', []), alias: { kind: Kind.NAME, value: GROUP_ID_ALIAS } };
  const groupNode = fieldNode('accountGroup', [idNode, ...selectionsFor(info, options.accountGroupTypeName)]);
  const fieldNodes = [fieldNode('spaces', [groupNode])];
  return async (ids: readonly string[]): Promise<unknown[]> => {
    const spaces = await delegated({
      schema: options.upstream(),
      operation: OperationTypeNode.QUERY,
      fieldName: 'spaces',
      returnType: new GraphQLList(spaceType),
      fieldNodes,
      context,
      info,
    });
    if (spaces instanceof Error) return ids.map(() => spaces);
    const groups = groupsById(Array.isArray(spaces) ? spaces : [], context, info);
    return ids.map(
      (id) =>
        groups.get(id) ??
        notFound(
          'ACCOUNT_GROUP_NOT_FOUND',
          `No Space our account can list is shared with account group ${id}.`,
        ),
    );
  };
}

/** The account groups of the delegated Spaces by id, each an external value the schema can resolve. */
function groupsById(
  spaces: readonly unknown[],
  context: object,
  info: GraphQLResolveInfo,
): Map<string, unknown> {
  const groups = new Map<string, unknown>();
  for (const space of spaces) {
    if (typeof space !== 'object' || space === null || space instanceof Error) continue;
    const group = (space as { accountGroup?: unknown }).accountGroup;
    if (typeof group !== 'object' || group === null || group instanceof Error) continue;
    const id = (group as Record<string, unknown>)[GROUP_ID_ALIAS];
    if (typeof id !== 'string' || groups.has(id)) continue;
    // The nested object is raw upstream data: annotate it as the delegation layer annotates its
    // results, so aliases, computed fields and nested errors resolve as on any delegated value.
    const external = space as Parameters<typeof getSubschema>[0];
    groups.set(
      id,
      resolveExternalValue(
        group,
        getUnpathedErrors(external),
        getSubschema(external, 'accountGroup'),
        context,
        info,
      ),
    );
  }
  return groups;
}

/** The type and id of a representation, or a BAD_USER_INPUT error saying what is wrong with it. */
export function representationKey(
  representation: unknown,
  typeNames: readonly string[],
): { typeName: string; id: string } | GraphQLError {
  if (typeof representation !== 'object' || representation === null) {
    return subgraphError('BAD_USER_INPUT', { message: 'An entity representation must be an object.' });
  }
  const { __typename: typename, id } = representation as { __typename?: unknown; id?: unknown };
  if (typeof typename !== 'string' || !typeNames.includes(typename)) {
    return subgraphError('BAD_USER_INPUT', {
      message: `This subgraph resolves entities of type ${typeNames.join(', ')} only (received __typename ${JSON.stringify(typename)}).`,
    });
  }
  if (typeof id !== 'string' || id.length === 0) {
    return subgraphError('BAD_USER_INPUT', {
      message: `A ${typename} representation needs its key field "id" as a non-empty string.`,
    });
  }
  return { typeName: typename, id };
}

export function notFound(
  code: 'SPACE_NOT_FOUND' | 'ACCOUNT_GROUP_NOT_FOUND' | 'ENVIRONMENT_NOT_FOUND',
  message: string,
): GraphQLError {
  return subgraphError(code, { message });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : subgraphError('INTERNAL_SERVER_ERROR');
}

export function fieldNode(name: string, selections: readonly SelectionNode[]): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    ...(selections.length > 0 ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
  };
}

/**
 * The selection the current field asked of `typeName`: inline fragments on that type are kept,
 * those on `_Entity` or without a type condition are flattened, and so are named fragments on
 * either; fragments on other entity types are dropped; `__typename` is kept.
 */
export function selectionsFor(info: GraphQLResolveInfo, typeName: string): SelectionNode[] {
  const appliesTo = (name: string | undefined) =>
    name === undefined || name === typeName || name === '_Entity';
  const collect = (selections: readonly SelectionNode[], out: SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        out.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        // Kept as is on the type (its @skip/@include still apply); flattened where the condition
        // is a type the upstream does not know.
        if (condition === typeName) out.push(selection);
        else if (appliesTo(condition)) collect(selection.selectionSet.selections, out);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && appliesTo(fragment.typeCondition.name.value)) {
          collect(fragment.selectionSet.selections, out);
        }
      }
    }
  };
  const selections: SelectionNode[] = [];
  for (const node of info.fieldNodes) collect(node.selectionSet?.selections ?? [], selections);
  return selections;
}
