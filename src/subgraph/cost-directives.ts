import { type GraphQLField, type GraphQLSchema, getNullableType, isListType, isObjectType } from 'graphql';
import { FEDERATION_QUERY_FIELDS, FEDERATION_TYPE_NAMES } from './federation.ts';
import { DEFAULT_ASSUMED_LIST_SIZE, type FieldCost, fieldCost } from './upstream-cost.ts';

/** The federation demand-control directives (2.9) one published field carries. */
export interface PublishedCost {
  /** `@cost(weight:)`: the upstream requests one call of the field can add (our cost unit). */
  weight?: number;
  /** `@listSize(assumedSize:)`: the items the estimate assumes the list holds. */
  assumedSize?: number;
}

export interface CostDirectiveOptions {
  /** Published type name → upstream type name (undoes TYPE_PREFIX). @default identity */
  upstreamTypeName?: (publishedName: string) => string;
  /** UPSTREAM_COST_LIST_SIZE. @default DEFAULT_ASSUMED_LIST_SIZE (25) */
  assumedListSize?: number;
}

/**
 * What a field's cost in the model (src/subgraph/upstream-cost.ts) publishes: any field that can
 * add an upstream request (`batched`, `per-space-guid`, `per-call`) gets `@cost(weight: 1)`; a list
 * the model sizes as `assumed` gets `@listSize(assumedSize:)` with the estimate's list size. Free
 * fields publish nothing: the router's own default weights apply to them (docs/federation.md).
 */
export function publishedCost(cost: FieldCost, returnsList: boolean, assumedListSize: number): PublishedCost {
  return {
    ...(cost.requests === 'free' ? {} : { weight: 1 }),
    ...(returnsList && cost.listSize === 'assumed' ? { assumedSize: assumedListSize } : {}),
  };
}

/**
 * The demand-control directives of every published field the cost model prices, by published
 * coordinate (`Type.field`); the federation plumbing (`_entities`, `_service`, `_sdl`) is not
 * published and so carries none.
 */
export function costDirectives(
  schema: GraphQLSchema,
  options: CostDirectiveOptions = {},
): Map<string, PublishedCost> {
  const upstreamName = options.upstreamTypeName ?? ((name: string) => name);
  const assumed = options.assumedListSize ?? DEFAULT_ASSUMED_LIST_SIZE;
  const out = new Map<string, PublishedCost>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || FEDERATION_TYPE_NAMES.has(type.name)) continue;
    const isQuery = type === schema.getQueryType();
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (isQuery && FEDERATION_QUERY_FIELDS.has(field.name)) continue;
      const cost = fieldCost(upstreamName(type.name), field.name);
      const published = publishedCost(cost, isListType(getNullableType(field.type)), assumed);
      if (published.weight !== undefined || published.assumedSize !== undefined) {
        out.set(`${type.name}.${field.name}`, published);
      }
    }
  }
  return out;
}
