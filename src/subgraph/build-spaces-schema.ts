import { Subschema, type SubschemaConfig, type Transform } from '@graphql-tools/delegate';
import { stitchSchemas } from '@graphql-tools/stitch';
import { type Executor, MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import { FilterTypes, RenameRootFields } from '@graphql-tools/wrap';
import { type GraphQLSchema, isObjectType } from 'graphql';
import type { SpaceEntityCache } from '../cache/entity-cache.ts';
import { computedFieldsResolvers, computedFieldsTypeDefs } from './computed-fields.ts';
import { createEntityResolvers } from './entities.ts';
import { FEDERATION_TYPE_NAMES, federationResolvers, federationTypeDefs } from './federation.ts';
import { type ContractOptions, federationAnnotations } from './federation-annotations.ts';
import { withFederationDefinitions } from './federation-definitions.ts';
import type { EntityPrefetch } from './prefetched-entities.ts';
import { answerFromPrefetchedRoots } from './prefetched-roots.ts';
import { type FederationShape, printPublishedSdl } from './published-sdl.ts';
import { spaceGuidTransform } from './space-guid.ts';
import { spaceScopedFieldsResolvers, spaceScopedFieldsTypeDefs } from './space-scoped-fields.ts';
import { spacesByIdsExecutor, withSpacesByIdsField } from './spaces-by-ids.ts';
import { printStitchingSdl } from './stitching-sdl.ts';
import { typeNamer, typePrefixTransform, upstreamTypeName } from './type-names.ts';
import { UploadScalar } from './upload-scalar.ts';

export interface BuildSpacesSchemaOptions {
  /** The upstream (Boomi) schema, from the snapshot or introspection. */
  upstreamSchema: GraphQLSchema;
  /** Executor that reaches the upstream (JWT, SPACE_GUID, retries, batching…). */
  executor: Executor;
  /** The get-by-id root field the upstream really has; we publish it as `space` either way. @default 'space' */
  spaceQueryField?: 'space' | 'Space';
  /** Prefix of every published object/enum/input/union type name (`Boomi` → `BoomiSpace`). @default '' */
  typePrefix?: string;
  /** Publish no mutations (and no types only mutations use). @default false */
  readOnly?: boolean;
  /** Most Space representations resolved by one upstream request. @default 100 */
  entityMaxBatchSize?: number;
  /** Called with the size of each `_entities` DataLoader batch (metrics). */
  onEntityBatch?: (size: number) => void;
  /** Space batches the pass-through fast path fetched already (prefetched-entities.ts). */
  entityPrefetch?: EntityPrefetch;
  /** Per-entity entries of the response cache (src/cache/entity-cache.ts), when it is on. */
  entityCache?: SpaceEntityCache;
  /** Contract `@tag`s and `@inaccessible` marks (FEDERATION_TAGS, FEDERATION_INACCESSIBLE). @default {} */
  contract?: ContractOptions;
  /** Publish `@authenticated`/`@requiresScopes` (FEDERATION_AUTHORIZATION_DIRECTIVES). @default false */
  authorizationDirectives?: boolean;
  /**
   * Items the upstream cost estimate assumes in a list (UPSTREAM_COST_LIST_SIZE), published as
   * `@listSize(assumedSize:)` so a router's demand control sizes lists as the budget does.
   * @default 25
   */
  assumedListSize?: number;
}

/** The executable schema and the SDLs it publishes through `_service { sdl }` and `_sdl`. */
export interface BuiltSubgraph {
  schema: GraphQLSchema;
  /** Federation SDL (`_service { sdl }`, schema/subgraph.graphql). */
  sdl: string;
  /** Schema-stitching SDL (`_sdl`, schema/stitching.graphql). */
  stitchingSdl: string;
}

/** Upstream types that document error codes but are referenced by no field: not part of our API. */
const DOCUMENTATION_ONLY_TYPES = new Set(['SpacesServiceErrorCode', 'SpaceErrorCode', 'LogoUploadStatus']);

/** Upstream types we resolve as federation entities by `id` (see docs/federation.md). */
const ENTITY_TYPES = ['Space', 'AccountGroup', 'Environment'] as const;

/** The transforms that turn the upstream schema into the one we publish, and requests back. */
export function upstreamTransforms(
  spaceQueryField: 'space' | 'Space',
  options: { typePrefix?: string; readOnly?: boolean } = {},
): Transform[] {
  const other = spaceQueryField === 'space' ? 'Space' : 'space';
  const transforms: Transform[] = [
    // The upstream docs show both spellings; only the configured one exists upstream.
    removeRootFields((operation, fieldName) => operation === 'Query' && fieldName === other),
    new FilterTypes((type) => !DOCUMENTATION_ONLY_TYPES.has(type.name)),
  ];
  if (options.readOnly) {
    transforms.push(
      removeRootFields((operation) => operation === 'Mutation'),
      // Input types and scalars only mutations used (SpaceCreateInput, Upload…) go too.
      { transformSchema: (schema) => pruneSchema(schema) },
    );
  }
  transforms.push(spaceGuidTransform());
  if (spaceQueryField === 'Space') {
    transforms.push(
      new RenameRootFields((operation, name) => (operation === 'Query' && name === 'Space' ? 'space' : name)),
    );
  }
  const prefix = typePrefixTransform(options.typePrefix ?? '');
  if (prefix) transforms.push(prefix);
  return transforms;
}

/**
 * Removes root fields from the published schema. Unlike wrap's FilterRootFields it has no
 * `transformRequest`: a request can never name a field the published schema lacks, so there is
 * nothing to rewrite, and the per-request document visit FilterRootFields makes is pure cost.
 */
function removeRootFields(
  remove: (operation: 'Query' | 'Mutation' | 'Subscription', fieldName: string) => boolean,
): Transform {
  return {
    transformSchema: (schema) => {
      const operationOf = new Map<string, 'Query' | 'Mutation' | 'Subscription'>();
      if (schema.getQueryType()) operationOf.set(schema.getQueryType()!.name, 'Query');
      if (schema.getMutationType()) operationOf.set(schema.getMutationType()!.name, 'Mutation');
      if (schema.getSubscriptionType()) operationOf.set(schema.getSubscriptionType()!.name, 'Subscription');
      return mapSchema(schema, {
        [MapperKind.ROOT_FIELD]: (fieldConfig, fieldName, typeName) => {
          const operation = operationOf.get(typeName);
          return operation && remove(operation, fieldName) ? null : fieldConfig;
        },
      });
    },
  };
}

/**
 * The subschema configuration of the upstream: used by the published schema and by anything
 * that delegates to Boomi by hand (computed fields, entity resolvers).
 */
export function upstreamSubschema(options: BuildSpacesSchemaOptions): SubschemaConfig {
  return {
    schema: options.upstreamSchema,
    executor: options.executor,
    transforms: upstreamTransforms(options.spaceQueryField ?? 'space', {
      ...(options.typePrefix === undefined ? {} : { typePrefix: options.typePrefix }),
      ...(options.readOnly === undefined ? {} : { readOnly: options.readOnly }),
    }),
  };
}

/**
 * Builds what the subgraph serves: the wrapped upstream, our computed and space-scoped fields,
 * and the Federation 2 plumbing (`_service`, `_entities`), plus the SDL it publishes.
 */
export function buildSpacesSubgraph(options: BuildSpacesSchemaOptions): BuiltSubgraph {
  const name = typeNamer(options.typePrefix ?? '');
  // One Subschema instance for stitching and for hand-written delegation alike.
  const upstream = new Subschema(upstreamSubschema(options));
  const spaceTypeName = name('Space');
  // The same upstream plus `_spacesByIds`, for Space entity batches only (never stitched, so never published).
  const spaceBatches = new Subschema({
    ...upstreamSubschema(options),
    schema: withSpacesByIdsField(options.upstreamSchema),
    executor: spacesByIdsExecutor(options.executor, {
      spaceQueryField: options.spaceQueryField ?? 'space',
      ...(options.entityPrefetch ? { prefetched: options.entityPrefetch } : {}),
      ...(options.entityCache ? { entityCache: options.entityCache } : {}),
    }),
  });
  let sdl = '';
  let stitchingSdl = '';

  const entities = createEntityResolvers({
    upstream: () => upstream,
    spaceBatches: () => spaceBatches,
    spaceTypeName,
    accountGroupTypeName: name('AccountGroup'),
    environmentTypeName: name('Environment'),
    ...(options.entityMaxBatchSize === undefined ? {} : { maxBatchSize: options.entityMaxBatchSize }),
    ...(options.onEntityBatch ? { onBatch: options.onEntityBatch } : {}),
  });

  const stitched = stitchSchemas({
    subschemas: [upstream],
    typeDefs: [
      computedFieldsTypeDefs(name),
      spaceScopedFieldsTypeDefs(name),
      federationTypeDefs(ENTITY_TYPES.map(name), spaceTypeName),
    ],
    resolvers: [
      computedFieldsResolvers(name),
      spaceScopedFieldsResolvers(name, () => upstream),
      federationResolvers({
        sdl: () => sdl,
        stitchingSdl: () => stitchingSdl,
        resolveEntities: entities.resolveEntities,
        resolveSpacesByIds: entities.resolveSpacesByIds,
        entityTypeOf: entities.typeOf,
      }),
      ...(options.readOnly ? [] : [{ Upload: UploadScalar }]),
    ],
  });

  const directives = federationAnnotations(stitched, {
    name,
    upstreamName: upstreamTypeName(options.typePrefix ?? ''),
    ...(options.assumedListSize === undefined ? {} : { assumedListSize: options.assumedListSize }),
    ...options.contract,
    ...(options.authorizationDirectives === undefined
      ? {}
      : { authorization: options.authorizationDirectives }),
  });
  sdl = printPublishedSdl(stitched, { ...federationShape(stitched, name), directives });
  stitchingSdl = printStitchingSdl(stitched, { spaceTypeName, mergeField: 'spacesByIds' });
  const schema = withFederationDefinitions(stitched, sdl);
  // The pass-through fast path (src/plugins/use-pass-through.ts) answers through the same Subschema.
  answerFromPrefetchedRoots(schema, upstream);
  return { schema, sdl, stitchingSdl };
}

/** Builds the schema the subgraph serves (see {@link buildSpacesSubgraph}). */
export function buildSpacesSchema(options: BuildSpacesSchemaOptions): GraphQLSchema {
  return buildSpacesSubgraph(options).schema;
}

/**
 * Entities are the types in {@link ENTITY_TYPES}; every other object type except the root types
 * is a value type made only of Boomi data, resolved the same way by any subgraph that wraps
 * Boomi, hence `@shareable`.
 */
function federationShape(schema: GraphQLSchema, name: (upstream: string) => string): FederationShape {
  const entities = ENTITY_TYPES.map(name);
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .filter((t) => t != null)
      .map((t) => t.name),
  );
  const shareable = Object.values(schema.getTypeMap())
    .filter(
      (type) =>
        isObjectType(type) &&
        !type.name.startsWith('__') &&
        !roots.has(type.name) &&
        !FEDERATION_TYPE_NAMES.has(type.name) &&
        // Space's fields are ours alone; AccountGroup's too may come from any Boomi wrapper.
        type.name !== name('Space'),
    )
    .map((type) => type.name);
  return { entities, referencedEntities: [], shareable };
}
