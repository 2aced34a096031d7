import type { SubschemaConfig, Transform } from '@graphql-tools/delegate';
import { stitchSchemas } from '@graphql-tools/stitch';
import type { Executor } from '@graphql-tools/utils';
import { FilterRootFields, FilterTypes, RenameRootFields } from '@graphql-tools/wrap';
import type { GraphQLSchema } from 'graphql';
import { computedFieldsResolvers, computedFieldsTypeDefs } from './computed-fields.ts';
import { spaceGuidTransform } from './space-guid.ts';

export interface BuildSubgraphOptions {
  /** The upstream (Boomi) schema, from the snapshot or introspection. */
  upstreamSchema: GraphQLSchema;
  /** Executor that reaches the upstream (JWT, SPACE_GUID, retries, batching…). */
  executor: Executor;
  /** The get-by-id root field the upstream really has; we publish it as `space` either way. @default 'space' */
  spaceQueryField?: 'space' | 'Space';
}

/** Upstream types that document error codes but are referenced by no field: not part of our API. */
const DOCUMENTATION_ONLY_TYPES = new Set(['SpacesServiceErrorCode', 'SpaceErrorCode', 'LogoUploadStatus']);

/** The transforms that turn the upstream schema into the one we publish, and requests back. */
export function upstreamTransforms(spaceQueryField: 'space' | 'Space'): Transform[] {
  const other = spaceQueryField === 'space' ? 'Space' : 'space';
  const transforms: Transform[] = [
    // The upstream docs show both spellings; only the configured one exists upstream.
    new FilterRootFields((operation, fieldName) => !(operation === 'Query' && fieldName === other)),
    new FilterTypes((type) => !DOCUMENTATION_ONLY_TYPES.has(type.name)),
    spaceGuidTransform(),
  ];
  if (spaceQueryField === 'Space') {
    transforms.push(
      new RenameRootFields((operation, name) => (operation === 'Query' && name === 'Space' ? 'space' : name)),
    );
  }
  return transforms;
}

/**
 * The subschema configuration of the upstream: used by the published schema and by anything
 * that delegates to Boomi by hand (computed fields, entity resolvers).
 */
export function upstreamSubschema(options: BuildSubgraphOptions): SubschemaConfig {
  return {
    schema: options.upstreamSchema,
    executor: options.executor,
    transforms: upstreamTransforms(options.spaceQueryField ?? 'space'),
  };
}

/** Builds the schema the subgraph serves: the wrapped upstream plus our computed fields. */
export function buildSubgraphSchema(options: BuildSubgraphOptions): GraphQLSchema {
  return stitchSchemas({
    subschemas: [upstreamSubschema(options)],
    typeDefs: computedFieldsTypeDefs,
    resolvers: computedFieldsResolvers,
  });
}
