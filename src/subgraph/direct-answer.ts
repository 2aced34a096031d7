/**
 * The response the pass-through fast path gives without execution, when the upstream answer allows
 * it: no errors, and every value one graphql-js completion over delegation's result would write as
 * it is — an object for each selected object, no null in a non-null position, no selected key
 * missing, each leaf unchanged by delegation's `parseValue` and graphql-js's `serialize` (an ID sent
 * as a number is not: it becomes a string), `__typename` the published name. The response then
 * holds, per object, the client's response keys in the client's order (skip/include, fragments and
 * merging applied), keys nobody selected dropped — what execution would write. A computed field the
 * rules derive (src/subgraph/pass-through-eligibility.ts) is computed from the upstream fields sent in
 * its place, once those pass the same checks. Anything else: undefined, and the full route answers.
 */
import { collectFields, collectSubFields } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
} from 'graphql';
import type { SubgraphContext } from './context.ts';
import type { DerivedField } from './pass-through-eligibility.ts';

/** The answer cannot be the response as it is: the full route answers. */
const UNFIT = Symbol('unfit');

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** graphql-tools' shape of coerced variables (on graphql 16 only `coerced` is read). */
  variables: { coerced: Record<string, unknown>; sources: Record<string, never> };
  computed: ReadonlyMap<string, DerivedField>;
  context: SubgraphContext | undefined;
  /**
   * The steps of each collected field map, worked out once per map: graphql-tools memoizes sub-field
   * maps per selection within a walk, so the 23 Spaces of a list or the 100 of `_entities` share one.
   */
  plans: Map<Map<string, FieldNode[]>, Step[] | typeof UNFIT>;
}

export interface DirectAnswerInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  /** Coerced variable values. */
  variables: Record<string, unknown>;
  /** The upstream answer's `data` (the document sent: the client's, computed fields replaced). */
  data: unknown;
  computed: ReadonlyMap<string, DerivedField>;
  context?: SubgraphContext;
}

function walkOf(input: Omit<DirectAnswerInput, 'data' | 'operationName'>): Walk {
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of input.document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  }
  return {
    schema: input.schema,
    fragments,
    variables: { coerced: input.variables, sources: {} },
    computed: input.computed,
    context: input.context,
    plans: new Map(),
  };
}

/** The response's `data` graphql-js would complete `data` into for the operation, or undefined. */
export function directAnswer(input: DirectAnswerInput): Record<string, unknown> | undefined {
  const { schema, document } = input;
  const operation = getOperationAST(document, input.operationName);
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return undefined;
  const walk = walkOf(input);
  const fields = collectFields(schema, walk.fragments, walk.variables, root, operation.selectionSet).fields;
  const data = completeObject(walk, root, fields, input.data);
  return data === UNFIT ? undefined : data;
}

/**
 * The list an `_entities` field of Spaces answers (src/subgraph/entity-pass-through.ts): each upstream
 * Space completed as the published `type` under the field's selection, as the normal path completes
 * the `_Entity` it resolves to — or undefined when one is null (the normal path reports it) or unfit.
 */
export function directEntities(
  input: Omit<DirectAnswerInput, 'data' | 'operationName'> & {
    type: GraphQLObjectType;
    field: FieldNode;
    spaces: readonly unknown[];
  },
): unknown[] | undefined {
  const walk = walkOf(input);
  const fields = collectSubFields(walk.schema, walk.fragments, walk.variables, input.type, [
    input.field,
  ]).fields;
  const entities = new Array<unknown>(input.spaces.length);
  for (let i = 0; i < input.spaces.length; i++) {
    const entity =
      input.spaces[i] == null ? UNFIT : completeObject(walk, input.type, fields, input.spaces[i]);
    if (entity === UNFIT) return undefined;
    entities[i] = entity;
  }
  return entities;
}

/** How one response key of an object completes: `__typename`, a computed field, or an upstream field. */
interface Step {
  key: string;
  nodes: FieldNode[];
  field?: GraphQLField<unknown, unknown>;
  derived?: DerivedField | undefined;
}

function stepsOf(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
): Step[] | typeof UNFIT {
  let steps = walk.plans.get(fields);
  if (steps === undefined) {
    steps = planSteps(walk, type, fields);
    walk.plans.set(fields, steps);
  }
  return steps;
}

function planSteps(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
): Step[] | typeof UNFIT {
  const steps: Step[] = [];
  for (const [key, nodes] of fields) {
    // Execution would set an object's prototype for a `__proto__` alias, not an own key.
    if (key === '__proto__') return UNFIT;
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push({ key, nodes });
      continue;
    }
    const field = type.getFields()[name];
    if (!field) return UNFIT;
    steps.push({ key, nodes, field, derived: walk.computed.get(`${type.name}.${name}`) });
  }
  return steps;
}

function completeObject(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
  value: unknown,
): Record<string, unknown> | typeof UNFIT {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return UNFIT;
  const steps = stepsOf(walk, type, fields);
  if (steps === UNFIT) return UNFIT;
  const record = value as Record<string, unknown>;
  const completed: Record<string, unknown> = {};
  for (let i = 0; i < steps.length; i++) {
    const { key, nodes, field, derived } = steps[i]!;
    let item: unknown;
    if (!field) item = record[key] === type.name ? type.name : UNFIT;
    else if (derived) item = completeDerived(walk, field, derived, record);
    else item = completeValue(walk, field.type, nodes, record[key]);
    if (item === UNFIT) return UNFIT;
    completed[key] = item;
  }
  return completed;
}

function completeValue(walk: Walk, type: GraphQLOutputType, nodes: FieldNode[], value: unknown): unknown {
  if (isNonNullType(type)) return value === null ? UNFIT : completeValue(walk, type.ofType, nodes, value);
  if (value === null) return null;
  if (value === undefined) return UNFIT;
  if (isListType(type)) {
    if (!Array.isArray(value)) return UNFIT;
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = completeValue(walk, type.ofType, nodes, value[i]);
      if (item === UNFIT) return UNFIT;
      items[i] = item;
    }
    return items;
  }
  if (isObjectType(type)) {
    const sub = collectSubFields(walk.schema, walk.fragments, walk.variables, type, nodes).fields;
    return completeObject(walk, type, sub, value);
  }
  return isLeafType(type) && unchangedLeaf(type, value) ? value : UNFIT;
}

function unchangedLeaf(
  type: { parseValue(v: unknown): unknown; serialize(v: unknown): unknown },
  value: unknown,
) {
  try {
    return type.serialize(type.parseValue(value)) === value;
  } catch {
    return false;
  }
}

/** A computed field's value, once the upstream fields it reads are what delegation would hand it. */
function completeDerived(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  derived: DerivedField,
  record: Record<string, unknown>,
): unknown {
  if (!plainDependencies(derived.upstreamType, derived.dependencies, record)) return UNFIT;
  let value: unknown;
  try {
    value = derived.compute(record, walk.context) ?? null;
  } catch {
    return UNFIT;
  }
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  if (value === null) return isNonNullType(field.type) ? UNFIT : null;
  if (!isLeafType(type)) return UNFIT;
  try {
    return type.serialize(value) ?? UNFIT;
  } catch {
    return UNFIT;
  }
}

/** True when the upstream fields `nodes` of `record` hold what delegation would read unchanged. */
function plainDependencies(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  record: Record<string, unknown>,
): boolean {
  return nodes.every((node) => {
    const value = record[node.name.value];
    if (node.name.value === '__typename') return value === type.name;
    const field = type.getFields()[node.name.value];
    return field !== undefined && plainUpstream(field.type, node, value);
  });
}

function plainUpstream(type: GraphQLOutputType, node: FieldNode, value: unknown): boolean {
  if (isNonNullType(type)) return value !== null && plainUpstream(type.ofType, node, value);
  if (value === null) return true;
  if (value === undefined) return false;
  if (isListType(type))
    return Array.isArray(value) && value.every((item) => plainUpstream(type.ofType, node, item));
  const named = getNamedType(type);
  if (isObjectType(named)) {
    if (typeof value !== 'object' || Array.isArray(value)) return false;
    return plainDependencies(
      named,
      node.selectionSet?.selections as FieldNode[],
      value as Record<string, unknown>,
    );
  }
  return isLeafType(named) && unchangedLeaf(named, value);
}
