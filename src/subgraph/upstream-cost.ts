import { SPACE_SCOPED_ROOT_FIELDS } from './space-guid.ts';

/**
 * How a published field turns into Boomi requests (how the delegation layer and the batching
 * executor below it actually behave, see src/upstream/batching.ts and src/subgraph/entities.ts):
 * - `free`: answered without a request of its own (plain upstream fields travel in their parent's
 *   request; computed fields, `_service`, `__typename`).
 * - `batched`: delegated in the same tick as its siblings and merged with them into one aliased
 *   upstream request per `ENTITY_MAX_BATCH_SIZE` fields (root query fields, `_entities` ids,
 *   `Space.artifactListings`).
 * - `per-space-guid`: needs the SPACE_GUID header; requests with different guids are never
 *   merged, so it costs one request per distinct Space (fields of the same Space merge).
 * - `per-call`: one request per occurrence (mutations are never merged or de-duplicated).
 */
export type UpstreamRequests = 'free' | 'batched' | 'per-space-guid' | 'per-call';

/**
 * Items assumed in a list of unknown length (`UPSTREAM_COST_LIST_SIZE`): Boomi documents no page
 * size. The estimate and the published `@listSize(assumedSize:)` both use it.
 */
export const DEFAULT_ASSUMED_LIST_SIZE = 25;

/**
 * The cost of one field, as data: the single cost model. The subgraph's own budget
 * (src/subgraph/estimate-upstream-requests.ts) reads it, and the federation `@cost`/`@listSize`
 * we publish are derived from it (src/subgraph/cost-directives.ts).
 */
export interface FieldCost {
  readonly requests: UpstreamRequests;
  /**
   * For a field returning a list whose items cost requests of their own: how many items to expect.
   * `assumed`: `UPSTREAM_COST_LIST_SIZE` (Boomi documents no page size). `{ distinctArgument }`:
   * the number of distinct entries of that list argument.
   */
  readonly listSize?: 'assumed' | { readonly distinctArgument: string };
  /** For `per-space-guid` root fields: the argument holding the guid. */
  readonly guidArgument?: string;
}

const FREE: FieldCost = { requests: 'free' };
const BATCHED: FieldCost = { requests: 'batched' };
const PER_CALL: FieldCost = { requests: 'per-call' };
const ROOT_PER_SPACE: FieldCost = { requests: 'per-space-guid', guidArgument: 'spaceGuid' };

/**
 * Fields whose cost differs from the defaults of {@link fieldCost}, keyed `Type.field` with the
 * upstream (unprefixed) type names.
 */
export const UPSTREAM_FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.spaces': { requests: 'batched', listSize: 'assumed' },
  'Query._entities': { requests: 'batched', listSize: { distinctArgument: 'representations' } },
  'Query._service': FREE,
  'Query._sdl': FREE,
  'Space.accounts': { requests: 'per-space-guid', listSize: 'assumed' },
  'Space.integrationPackInstances': { requests: 'per-space-guid', listSize: 'assumed' },
  'Space.environments': { requests: 'per-space-guid', listSize: 'assumed' },
  'Space.artifactListings': BATCHED,
};

/**
 * The cost of `typeName.fieldName` (upstream type names): the table above, else root query fields
 * are `batched` (or `per-space-guid` when space-scoped), mutations `per-call`, anything else `free`.
 */
export function fieldCost(typeName: string, fieldName: string): FieldCost {
  if (fieldName.startsWith('__')) return FREE;
  const listed = UPSTREAM_FIELD_COSTS[`${typeName}.${fieldName}`];
  if (listed) return listed;
  if (typeName === 'Query') return SPACE_SCOPED_ROOT_FIELDS.has(fieldName) ? ROOT_PER_SPACE : BATCHED;
  if (typeName === 'Mutation') return PER_CALL;
  return FREE;
}
