import { RenameTypes } from '@graphql-tools/wrap';
import { specifiedScalarTypes } from 'graphql';

/**
 * Type names that keep their upstream spelling whatever the prefix: the root types, the GraphQL
 * built-in scalars, and our two custom scalars. `DateTime` and `Upload` are the conventional
 * names other subgraphs use for the same idea, and scalars compose by name without conflicts,
 * so prefixing them would only make cross-subgraph arguments harder to share.
 */
const UNPREFIXED: ReadonlySet<string> = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'DateTime',
  'Upload',
  ...specifiedScalarTypes.map((t) => t.name),
]);

/** Maps an upstream type name to the name we publish. */
export type TypeNamer = (upstreamName: string) => string;

/**
 * The published name of each upstream type: `prefix + name` for every object, interface,
 * union, enum and input type; root types and scalars unchanged. An empty prefix is the identity.
 */
export function typeNamer(prefix: string): TypeNamer {
  if (prefix === '') return (name) => name;
  return (name) => (UNPREFIXED.has(name) || name.startsWith('__') ? name : `${prefix}${name}`);
}

/** The inverse of {@link typeNamer}: a published type name → the upstream name. */
export function upstreamTypeName(prefix: string): (publishedName: string) => string {
  if (prefix === '') return (name) => name;
  return (name) => (name.startsWith(prefix) && !UNPREFIXED.has(name) ? name.slice(prefix.length) : name);
}

/** The wrap transform that applies {@link typeNamer} to the upstream schema (undefined when no prefix). */
export function typePrefixTransform(prefix: string): RenameTypes | undefined {
  if (prefix === '') return undefined;
  return new RenameTypes(typeNamer(prefix));
}
