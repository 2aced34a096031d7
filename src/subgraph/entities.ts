import { delegateToSchema, type SubschemaConfig } from '@graphql-tools/delegate';
import DataLoader from 'dataloader';
import {
  type FieldNode,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  Kind,
  OperationTypeNode,
  type SelectionNode,
} from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';
import { pathOf, relocated } from './relocate-error.ts';

/** What the `_entities` resolver of Space needs. */
export interface SpaceEntityOptions {
  /** The upstream subschema (the one the published schema stitches), resolved lazily. */
  upstream: () => SubschemaConfig;
  /** Published name of the Space type (after any type prefix). */
  spaceTypeName: string;
  /** Most ids one DataLoader batch holds (and so one upstream request). @default 100 */
  maxBatchSize?: number;
  /** Called with the number of distinct ids of each batch (the `subgraph_batch_size{kind="entities"}` metric). */
  onBatch?: (size: number) => void;
}

type SpaceLoader = DataLoader<string, unknown>;

/**
 * Resolves `_entities` representations of Space through a DataLoader created per client request
 * (and per `_entities` field, since a gateway may send several aliased `_entities` fields with
 * different selections in one request). The loader de-duplicates ids and its batch delegates one
 * `space(id:)` per id in the same tick; the batching router below the executor merges those into
 * one aliased upstream request (at most `maxBatchSize` each). Each result is either the Space or
 * an error for that representation only.
 */
export function createSpaceEntityResolver(options: SpaceEntityOptions) {
  const maxBatchSize = options.maxBatchSize ?? 100;
  // Per-request state: context → (the _entities field's nodes → loader). Both are WeakMaps, so
  // nothing outlives the request.
  const loaders = new WeakMap<object, WeakMap<readonly FieldNode[], SpaceLoader>>();

  function loaderFor(context: object, info: GraphQLResolveInfo): SpaceLoader {
    let byField = loaders.get(context);
    if (!byField) {
      byField = new WeakMap();
      loaders.set(context, byField);
    }
    let loader = byField.get(info.fieldNodes);
    if (!loader) {
      const spaceType = info.schema.getType(options.spaceTypeName) as GraphQLObjectType;
      const fieldNodes = spaceFieldNodes(info, options.spaceTypeName);
      loader = new DataLoader<string, unknown>(
        async (ids) => {
          options.onBatch?.(ids.length);
          return Promise.all(
            ids.map((id) =>
              delegateToSchema({
                schema: options.upstream(),
                operation: OperationTypeNode.QUERY,
                fieldName: 'space',
                args: { id },
                returnType: spaceType,
                fieldNodes,
                context,
                info,
              }).then(
                (value: unknown) => value ?? entityNotFound(id),
                (error: unknown) => asError(error),
              ),
            ),
          );
        },
        { maxBatchSize },
      );
      byField.set(info.fieldNodes, loader);
    }
    return loader;
  }

  /** The `_entities` resolver: one promise per representation, errors reported at `[…, index]`. */
  return function resolveEntities(
    representations: readonly unknown[],
    context: unknown,
    info: GraphQLResolveInfo,
  ): Array<Promise<unknown>> {
    const loader = loaderFor(typeof context === 'object' && context !== null ? context : {}, info);
    return representations.map(async (representation, index) => {
      const path = [...pathOf(info), index];
      const id = spaceIdOf(representation, options.spaceTypeName);
      if (id instanceof GraphQLError) throw relocated(id, path);
      // DataLoader rejects the load of an id whose batch result is an Error.
      const value = await loader.load(id).catch((error: unknown) => asError(error));
      if (value instanceof Error) throw relocated(value, path);
      return value;
    });
  };
}

/** The id of a Space representation, or a BAD_USER_INPUT error saying what is wrong with it. */
function spaceIdOf(representation: unknown, spaceTypeName: string): string | GraphQLError {
  if (typeof representation !== 'object' || representation === null) {
    return subgraphError('BAD_USER_INPUT', { message: 'An entity representation must be an object.' });
  }
  const { __typename: typename, id } = representation as { __typename?: unknown; id?: unknown };
  if (typename !== spaceTypeName) {
    return subgraphError('BAD_USER_INPUT', {
      message: `This subgraph resolves entities of type ${spaceTypeName} only (received __typename ${JSON.stringify(typename)}).`,
    });
  }
  if (typeof id !== 'string' || id.length === 0) {
    return subgraphError('BAD_USER_INPUT', {
      message: `A ${spaceTypeName} representation needs its key field "id" as a non-empty string.`,
    });
  }
  return id;
}

function entityNotFound(id: string): GraphQLError {
  return subgraphError('SPACE_NOT_FOUND', {
    message: `No Space was returned for the representation (id ${id}).`,
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : subgraphError('INTERNAL_SERVER_ERROR');
}

/**
 * One `space` field node whose selection is what the `_entities` field asked of Space: inline
 * fragments on Space are kept, those on `_Entity` or without a type condition are flattened, and
 * so are named fragments on either; `__typename` is kept.
 */
function spaceFieldNodes(info: GraphQLResolveInfo, spaceTypeName: string): FieldNode[] {
  const appliesTo = (typeName: string | undefined) =>
    typeName === undefined || typeName === spaceTypeName || typeName === '_Entity';
  const collect = (selections: readonly SelectionNode[], out: SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        out.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        // Kept as is on Space (its @skip/@include still apply); flattened where the condition is
        // a type the upstream does not know.
        if (typeName === spaceTypeName) out.push(selection);
        else if (appliesTo(typeName)) collect(selection.selectionSet.selections, out);
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
  return [
    {
      kind: Kind.FIELD,
      name: { kind: Kind.NAME, value: 'space' },
      selectionSet: { kind: Kind.SELECTION_SET, selections },
    },
  ];
}
