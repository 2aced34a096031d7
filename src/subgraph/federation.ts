import type { IResolvers } from '@graphql-tools/utils';
import { type GraphQLResolveInfo, GraphQLScalarType } from 'graphql';
import type { SubgraphContext } from './context.ts';

/** Names of the federation plumbing added to the executable schema but left out of the published SDL. */
export const FEDERATION_TYPE_NAMES: ReadonlySet<string> = new Set(['_Any', '_Entity', '_Service']);
export const FEDERATION_QUERY_FIELDS: ReadonlySet<string> = new Set(['_entities', '_service']);

/**
 * The Federation 2 subgraph plumbing (`_Any`, `_Entity`, `_Service`, `Query._entities`,
 * `Query._service`), added to the stitched schema so that its computed fields and delegation
 * keep working (rebuilding the schema with `@apollo/subgraph` would drop the stitching info).
 * `entityTypeNames` are the types with a resolvable `@key`.
 */
export function federationTypeDefs(entityTypeNames: readonly string[]): string {
  return /* GraphQL */ `
  scalar _Any
  type _Service { sdl: String }
  union _Entity = ${entityTypeNames.join(' | ')}
  extend type Query {
    _entities(representations: [_Any!]!): [_Entity]!
    _service: _Service!
  }
`;
}

/** The `_Any` scalar: representations pass through unchanged (they are validated by the resolver). */
const AnyScalar = new GraphQLScalarType({ name: '_Any', description: 'An entity representation.' });

export interface FederationResolverOptions {
  /** The published SDL, read when `_service` is asked for (built after the schema). */
  sdl: () => string;
  /** Resolves the representations of `_entities`, one value or rejected promise per representation. */
  resolveEntities: (
    representations: readonly unknown[],
    context: unknown,
    info: GraphQLResolveInfo,
  ) => unknown[];
  /** The only entity type we resolve: every `_Entity` value is of it. */
  entityTypeName: string;
}

/** Resolvers of the federation plumbing. */
export function federationResolvers(
  options: FederationResolverOptions,
): IResolvers<unknown, SubgraphContext> {
  return {
    _Any: AnyScalar,
    _Entity: {
      // Delegated results need not carry __typename, and Space is the only member.
      __resolveType: () => options.entityTypeName,
    },
    Query: {
      _service: () => ({ sdl: options.sdl() }),
      _entities: (_root: unknown, args: { representations: readonly unknown[] }, context, info) =>
        options.resolveEntities(args.representations, context, info),
    },
  };
}
