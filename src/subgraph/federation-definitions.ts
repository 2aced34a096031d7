import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLNamedType, GraphQLSchema, isSpecifiedDirective, parse } from 'graphql';

/** Types the federation and link specs define (`FieldSet`, `link__Import`, `link__Purpose`, `federation__Scope`…). */
const SPEC_TYPE = /^(FieldSet|link__\w+|federation__\w+)$/;

/**
 * The executable schema with the definitions the subgraph specification asks a subgraph's schema
 * to carry for the directives its SDL links: `@link`, `@key`, `@shareable`… and their types
 * (`FieldSet`, `link__Import`, `link__Purpose`…). Taken from what `@apollo/subgraph` defines for
 * our published SDL, so they match the spec version and imports exactly. The schema keeps its
 * types, resolvers and extensions (the stitching info its delegation needs).
 */
export function withFederationDefinitions(schema: GraphQLSchema, publishedSdl: string): GraphQLSchema {
  const reference = buildSubgraphSchema({ typeDefs: parse(publishedSdl) });
  const known = new Set(schema.getDirectives().map((d) => d.name));
  const directives = reference.getDirectives().filter((d) => !isSpecifiedDirective(d) && !known.has(d.name));
  const types: GraphQLNamedType[] = Object.values(reference.getTypeMap()).filter(
    (type) => SPEC_TYPE.test(type.name) && !schema.getType(type.name),
  );
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    directives: [...config.directives, ...directives],
    types: [...config.types, ...types],
  });
}
