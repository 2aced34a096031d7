import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { DEFAULT_ASSUMED_LIST_SIZE, type FieldCost, fieldCost } from './upstream-cost.ts';

export interface EstimateOptions {
  /** Items assumed in a list of unknown length (`spaces`). @default 25 */
  assumedListSize?: number;
  /** Fields merged into one upstream request (ENTITY_MAX_BATCH_SIZE). @default 100 */
  maxBatchSize?: number;
  /** Published type name → upstream type name (undoes TYPE_PREFIX). @default identity */
  upstreamTypeName?: (publishedName: string) => string;
  /** Selections visited before giving up (fragment fan-out): the estimate is then `Infinity`. @default 20000 */
  maxVisits?: number;
  /**
   * How `_entities` representations are counted: `distinct` (what the loader sends) or `listed`, the
   * length of the list — an upper bound of the same estimate, read without walking the list.
   * @default 'distinct'
   */
  entities?: 'distinct' | 'listed';
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  listSize: number;
  batch: number;
  upstreamName: (name: string) => string;
  visitsLeft: number;
  listedEntities: boolean;
}

/**
 * How many Boomi requests executing `document` will cause, at most (an upper bound when the lists
 * are no longer than assumed): root query fields merge into one request per batch, space-scoped
 * fields cost one per distinct Space guid, `_entities` one per batch of distinct ids, mutations one
 * each, and fields of Space nested under a list one per Space (see src/subgraph/upstream-cost.ts).
 */
export function estimateUpstreamRequests(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  options: EstimateOptions = {},
): number {
  const operation = pickOperation(document, operationName);
  const rootType = operation && rootTypeOf(schema, operation);
  if (!operation || !rootType) return 0;
  const walk: Walk = {
    schema,
    fragments: new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    ),
    variables: variables ?? {},
    listSize: options.assumedListSize ?? DEFAULT_ASSUMED_LIST_SIZE,
    batch: options.maxBatchSize ?? 100,
    upstreamName: options.upstreamTypeName ?? ((name) => name),
    visitsLeft: options.maxVisits ?? 20_000,
    listedEntities: options.entities === 'listed',
  };
  const rootName = walk.upstreamName(rootType.name);
  let batched = 0;
  let perCall = 0;
  let nested = 0;
  const guids = new Set<unknown>();
  for (const field of collectFields(walk, operation.selectionSet.selections)) {
    const cost = fieldCost(rootName, field.name.value);
    let items = 1;
    if (cost.requests === 'batched' && cost.listSize && typeof cost.listSize === 'object') {
      // Each `_entities` field has its own loader: one request per batch of its distinct ids.
      items = distinctEntries(walk, field, cost.listSize.distinctArgument);
      nested += Math.ceil(items / walk.batch);
    } else if (cost.requests === 'batched') {
      batched++;
      if (cost.listSize === 'assumed') items = walk.listSize;
    } else if (cost.requests === 'per-call') {
      perCall++;
    } else if (cost.requests === 'per-space-guid') {
      guids.add(guidOf(walk, field, cost));
    }
    nested += childCost(walk, rootType.getFields()[field.name.value]?.type, field, items);
  }
  if (walk.visitsLeft < 0) return Number.POSITIVE_INFINITY;
  return Math.ceil(batched / walk.batch) + guids.size + perCall + nested;
}

/** Requests caused below one field whose value holds `parents` objects. */
function childCost(walk: Walk, type: unknown, field: FieldNode, parents: number): number {
  if (!field.selectionSet || type === undefined) return 0;
  const named = getNamedType(type as Parameters<typeof getNamedType>[0]);
  if (!named) return 0;
  return selectionCost(walk, named.name, field.selectionSet.selections, parents);
}

/** Requests caused by one selection set on `typeName`, evaluated for `parents` objects of that type. */
function selectionCost(
  walk: Walk,
  typeName: string,
  selections: readonly SelectionNode[],
  parents: number,
): number {
  const type = walk.schema.getType(typeName);
  let total = 0;
  let perSpace = false;
  let batched = 0;
  for (const selection of selections) {
    if (--walk.visitsLeft < 0) return 0;
    if (!included(walk, selection)) continue;
    if (selection.kind !== Kind.FIELD) {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition?.name.value ?? typeName;
      total += selectionCost(walk, condition, fragment.selectionSet.selections, parents);
      continue;
    }
    if (!isObjectType(type)) continue;
    const definition = type.getFields()[selection.name.value];
    if (!definition) continue;
    const cost = fieldCost(walk.upstreamName(typeName), selection.name.value);
    if (cost.requests === 'per-space-guid') perSpace = true;
    else if (cost.requests === 'batched' || cost.requests === 'per-call') batched++;
    const items = isListType(getNullableType(definition.type)) ? walk.listSize : 1;
    total += childCost(walk, definition.type, selection, parents * items);
  }
  // Space-scoped fields of one Space share its SPACE_GUID and merge; batched ones merge across Spaces.
  return total + (perSpace ? parents : 0) + Math.ceil((batched * parents) / walk.batch);
}

/** The fields of a root selection set, fragments flattened (root fields are what merges). */
function collectFields(walk: Walk, selections: readonly SelectionNode[]): FieldNode[] {
  const out: FieldNode[] = [];
  const stack = [...selections];
  while (stack.length > 0) {
    const selection = stack.pop() as SelectionNode;
    if (--walk.visitsLeft < 0) break;
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) stack.push(...selection.selectionSet.selections);
    else stack.push(...(walk.fragments.get(selection.name.value)?.selectionSet.selections ?? []));
  }
  return out;
}

function included(walk: Walk, selection: SelectionNode): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((a) => a.name.value === 'if');
    const value = argument ? readValue(walk, argument.value) : undefined;
    if (name === 'skip' && value === true) return false;
    if (name === 'include' && value === false) return false;
  }
  return true;
}

/** The guid a space-scoped root field is sent with; an unreadable one counts as its own Space. */
function guidOf(walk: Walk, field: FieldNode, cost: FieldCost): unknown {
  const argument = field.arguments?.find((a) => a.name.value === cost.guidArgument);
  const value = argument ? readValue(walk, argument.value) : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : Symbol('unknown guid');
}

/** Representations counted, at most (a longer list is refused before execution anyway). */
const MAX_COUNTED_ENTRIES = 100_000;

/**
 * Distinct entries of a list argument (entity representations are de-duplicated by the loader), or
 * with `listed` the list's length: never fewer, and every count below grows with it.
 */
function distinctEntries(walk: Walk, field: FieldNode, argumentName: string): number {
  const argument = field.arguments?.find((a) => a.name.value === argumentName);
  const value = argument ? readValue(walk, argument.value) : undefined;
  if (!Array.isArray(value)) return 0;
  if (walk.listedEntities) return Math.min(value.length, MAX_COUNTED_ENTRIES);
  const seen = new Set<string>();
  for (const entry of value.slice(0, MAX_COUNTED_ENTRIES)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { __typename: typename, id } = entry as { __typename?: unknown; id?: unknown };
    if (typeof typename === 'string' && typeof id === 'string' && id !== '') seen.add(`${typename}:${id}`);
  }
  return seen.size;
}

function readValue(walk: Walk, node: ValueNode): unknown {
  try {
    return valueFromASTUntyped(node, walk.variables);
  } catch {
    return undefined;
  }
}

function pickOperation(
  document: DocumentNode,
  name: string | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode) {
  if (operation.operation === 'query') return schema.getQueryType();
  if (operation.operation === 'mutation') return schema.getMutationType();
  return schema.getSubscriptionType();
}
