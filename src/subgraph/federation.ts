import type { IResolvers } from '@graphql-tools/utils';
import { type GraphQLResolveInfo, GraphQLScalarType } from 'graphql';
import type { SubgraphContext } from './context.ts';

/** Names of the federation plumbing added to the executable schema but left out of the published SDL. */
export const FEDERATION_TYPE_NAMES: ReadonlySet<string> = new Set(['_Any', '_Entity', '_Service']);
/** Root fields that are plumbing (federation `_entities`/`_service`, the stitching `_sdl`). */
export const FEDERATION_QUERY_FIELDS: ReadonlySet<string> = new Set(['_entities', '_service', '_sdl']);

/**
 * The Federation 2 subgraph plumbing (`_Any`, `_Entity`, `_Service`, `Query._entities`,
 * `Query._service`) and the stitching one (`Query._sdl`, graphql-tools' convention), added to the
 * stitched schema so that its computed fields and delegation keep working (rebuilding the schema
 * with `@apollo/subgraph` would drop the stitching info). `entityTypeNames` are the types with a
 * resolvable `@key`; `spaceTypeName` gets the batched lookup `spacesByIds` stitching gateways merge on.
 */
export function federationTypeDefs(entityTypeNames: readonly string[], spaceTypeName: string): string {
  return /* GraphQL */ `
  scalar _Any
  type _Service { sdl: String }
  union _Entity = ${entityTypeNames.join(' | ')}
  extend type Query {
    _entities(representations: [_Any!]!): [_Entity]!
    _service: _Service!
    "The SDL of this service with schema-stitching directives (graphql-tools' stitching-directives convention)."
    _sdl: String!
    "Spaces by id, in the order asked, in one upstream request (at most ENTITY_MAX_BATCH_SIZE ids per request); a missing id is null with its error at its index."
    spacesByIds(ids: [ID!]!): [${spaceTypeName}]!
  }
`;
}

/** The `_Any` scalar: representations pass through unchanged (they are validated by the resolver). */
const AnyScalar = new GraphQLScalarType({ name: '_Any', description: 'An entity representation.' });

type ListResolver = (
  values: readonly unknown[],
  context: unknown,
  info: GraphQLResolveInfo,
) => Promise<unknown[]>;

export interface FederationResolverOptions {
  /** The published federation SDL, read when `_service` is asked for (built after the schema). */
  sdl: () => string;
  /** The stitching SDL, read when `_sdl` is asked for (built after the schema). */
  stitchingSdl: () => string;
  /** Resolves the representations of `_entities`: the list in order, an Error at each failed index. */
  resolveEntities: ListResolver;
  /** Resolves `spacesByIds`: the list in order, an Error at each failed index. */
  resolveSpacesByIds: ListResolver;
  /** The entity type of a value `resolveEntities` returned. */
  entityTypeOf: (value: unknown) => string | undefined;
}

/** Resolvers of the federation and stitching plumbing. */
export function federationResolvers(
  options: FederationResolverOptions,
): IResolvers<unknown, SubgraphContext> {
  return {
    _Any: AnyScalar,
    _Entity: {
      // Delegated results need not carry __typename: the entity resolver remembers each value's type.
      __resolveType: (value: unknown) => options.entityTypeOf(value),
    },
    Query: {
      _service: () => ({ sdl: options.sdl() }),
      _sdl: () => options.stitchingSdl(),
      _entities: (_root: unknown, args: { representations: readonly unknown[] }, context, info) =>
        options.resolveEntities(args.representations, context, info),
      spacesByIds: (_root: unknown, args: { ids: readonly unknown[] }, context, info) =>
        options.resolveSpacesByIds(args.ids, context, info),
    },
  };
}
