import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { TypeNamer } from '../subgraph/type-names.ts';
import type { ResponseCacheTtls } from './cache-ttls.ts';

/** What an entity entry's TTL is read from. */
export interface EntityTtlTables {
  ttls: ResponseCacheTtls;
  /** TTL when no type or coordinate below has one (RESPONSE_CACHE_TTL_MS). */
  defaultTtlMs: number;
  /** Upstream type name → published name (the tables use published names). */
  name: TypeNamer;
}

/**
 * The TTL of an entity entry holding `selection` of the upstream type `root`: the smallest TTL of
 * the root type, of `extraCoordinates` (published schema coordinates such as `Query._entities`), and
 * of every type and schema coordinate the selection can reach. The response cache (envelop) takes the
 * smallest TTL of the types found in an answer and of the coordinates executed; this walk reads the
 * selection instead of the answer, so it counts every type a field could hold, never fewer: an entry
 * never outlives what a response holding the same data could. `defaultTtlMs` when nothing matched.
 */
export function entityTtl(
  schema: GraphQLSchema,
  root: GraphQLCompositeType,
  selection: SelectionSetNode | undefined,
  document: DocumentNode,
  tables: EntityTtlTables,
  extraCoordinates: readonly string[] = [],
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let ttl: number | undefined;
  const consider = (value: number | undefined) => {
    if (value !== undefined) ttl = ttl === undefined ? value : Math.min(ttl, value);
  };
  for (const coordinate of extraCoordinates) consider(tables.ttls.ttlPerSchemaCoordinate[coordinate]);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType) => {
    consider(tables.ttls.ttlPerType[tables.name(parent.name)]);
    for (const node of set?.selections ?? []) {
      if (node.kind === Kind.FIELD) {
        const child = fieldType(parent, node.name.value);
        if (!child) continue;
        consider(tables.ttls.ttlPerSchemaCoordinate[`${tables.name(parent.name)}.${node.name.value}`]);
        if (isCompositeType(child)) walk(node.selectionSet, child);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        walk(node.selectionSet, conditionType(schema, node.typeCondition?.name.value) ?? parent);
      } else if (!seen.has(node.name.value)) {
        seen.add(node.name.value);
        const fragment = fragments.get(node.name.value);
        if (fragment)
          walk(fragment.selectionSet, conditionType(schema, fragment.typeCondition.name.value) ?? parent);
      }
    }
  };
  walk(selection, root);
  return ttl ?? tables.defaultTtlMs;
}

function fieldType(parent: GraphQLCompositeType, field: string): GraphQLNamedType | undefined {
  if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
  const definition = parent.getFields()[field];
  return definition ? getNamedType(definition.type) : undefined;
}

function conditionType(schema: GraphQLSchema, name: string | undefined): GraphQLCompositeType | undefined {
  const type = name === undefined ? undefined : schema.getType(name);
  return type && isCompositeType(type) ? type : undefined;
}
