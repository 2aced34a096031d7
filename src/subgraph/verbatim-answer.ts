/**
 * When the upstream answer of a pass-through query is already the response: no errors, and every value
 * what graphql-js completion would write — the keys of each object exactly the response keys the client
 * selected (skip/include, fragments and merging applied), in that order; no null in a non-null position;
 * each leaf unchanged by delegation's `parseValue` and graphql-js's `serialize` (an ID sent as a number
 * is not: it becomes a string); `__typename` the published name. Then execution over it would only copy
 * it, and the fast path answers with it as it is. Anything else goes through the full route.
 */
import { collectFields, collectSubFields } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getOperationAST,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
} from 'graphql';

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** graphql-tools' shape of coerced variables (on graphql 16 only `coerced` is read). */
  variables: { coerced: Record<string, unknown>; sources: Record<string, never> };
}

/** True when graphql-js would complete `data` for the operation into `data` itself, key for key. */
export function isVerbatimAnswer(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  data: unknown,
): boolean {
  const operation = getOperationAST(document, operationName);
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return false;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const walk: Walk = { schema, fragments, variables: { coerced: variables, sources: {} } };
  const fields = collectFields(schema, fragments, walk.variables, root, operation.selectionSet).fields;
  return verbatimObject(walk, root, fields, data);
}

function verbatimObject(
  walk: Walk,
  type: GraphQLObjectType,
  fields: Map<string, FieldNode[]>,
  value: unknown,
): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== fields.size) return false;
  let i = 0;
  for (const [key, nodes] of fields) {
    // Execution would set an object's prototype for a `__proto__` alias, not an own key.
    if (keys[i++] !== key || key === '__proto__') return false;
    const name = nodes[0]?.name.value;
    if (name === '__typename') {
      if (record[key] !== type.name) return false;
      continue;
    }
    const field = name === undefined ? undefined : type.getFields()[name];
    if (!field || !verbatimValue(walk, field.type, nodes, record[key])) return false;
  }
  return true;
}

function verbatimValue(walk: Walk, type: GraphQLOutputType, nodes: FieldNode[], value: unknown): boolean {
  if (isNonNullType(type)) return value !== null && verbatimValue(walk, type.ofType, nodes, value);
  if (value === null) return true;
  if (value === undefined) return false;
  if (isListType(type)) {
    return Array.isArray(value) && value.every((item) => verbatimValue(walk, type.ofType, nodes, item));
  }
  if (isObjectType(type)) {
    const sub = collectSubFields(walk.schema, walk.fragments, walk.variables, type, nodes).fields;
    return verbatimObject(walk, type, sub, value);
  }
  if (!isLeafType(type)) return false;
  try {
    return type.serialize(type.parseValue(value)) === value;
  } catch {
    return false;
  }
}
