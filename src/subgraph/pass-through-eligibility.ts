/**
 * Which client documents the subgraph may send upstream as they are (the pass-through fast path,
 * src/plugins/use-pass-through.ts). Pure: decided from the published and upstream schemas once at
 * start-up ({@link passThroughRules}) and then once per document ({@link passThroughDocument}).
 */
import { defaultMergedResolver } from '@graphql-tools/delegate';
import { parseSelectionSet } from '@graphql-tools/utils';
import {
  BREAK,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ComputedField } from './computed-fields.ts';
import { typeNamer, upstreamTypeName } from './type-names.ts';

/** What may pass through, from the schemas: field coordinates and type names published unchanged. */
export interface PassThroughRules {
  /** `Type.field` (published type name) of every upstream field published with its name, arguments and type. */
  fields: ReadonlySet<string>;
  /** Published type names that are the upstream's names too, Upload excepted. */
  types: ReadonlySet<string>;
  /**
   * `Type.field` (published type name) of the computed fields the fast path derives itself: the
   * upstream fields each needs (sent in its place, as delegation sends them) and how it follows.
   */
  computed: ReadonlyMap<string, DerivedField>;
  /**
   * The field names those upstream fields use, at any depth, `__typename` included: a client alias
   * spelling one of them could clash with a dependency merged into the same selection set.
   */
  dependencyNames: ReadonlySet<string>;
}

/** A computed field the fast path derives from the upstream answer (src/subgraph/direct-answer.ts). */
export interface DerivedField {
  /** The upstream fields it needs, unaliased, without directives. */
  dependencies: readonly FieldNode[];
  /** The upstream type (the parent object in the answer) they are read from. */
  upstreamType: GraphQLObjectType;
  compute: ComputedField['compute'];
}

export interface PassThroughRulesOptions {
  /** The get-by-id root field the upstream really has (BOOMI_SPACE_QUERY_FIELD). @default 'space' */
  spaceQueryField?: 'space' | 'Space';
  /** TYPE_PREFIX. @default '' */
  typePrefix?: string;
  /** Computed fields the fast path may derive (COMPUTED_FIELDS); none: documents with one are delegated. */
  computed?: readonly ComputedField[];
}

/** Directives a client may use and the upstream evaluates as we would. */
const FORWARDED_DIRECTIVES: ReadonlySet<string> = new Set(['skip', 'include']);

/**
 * The fields and types a pass-through document may name. A field qualifies when it is a query
 * field or a field of an object type, exists upstream with the same name, arguments (name, type,
 * default) and type, returns no union or interface (delegation would add `__typename`), and is
 * resolved by the wrapping itself (never one of our computed, space-scoped or federation fields).
 * `Query.space` never qualifies when the upstream spells it `Space`.
 */
export function passThroughRules(
  published: GraphQLSchema,
  upstream: GraphQLSchema,
  options: PassThroughRulesOptions = {},
): PassThroughRules {
  const toUpstream = upstreamTypeName(options.typePrefix ?? '');
  const fields = new Set<string>();
  const types = new Set<string>();
  const queryType = published.getQueryType();
  const roots = new Set(
    [queryType, published.getMutationType(), published.getSubscriptionType()].map((t) => t?.name),
  );
  for (const type of Object.values(published.getTypeMap())) {
    const upstreamType = upstream.getType(toUpstream(type.name));
    if (!upstreamType || upstreamType.constructor !== type.constructor) continue;
    if (upstreamType.name === type.name && type.name !== 'Upload') types.add(type.name);
    if (!isObjectType(type) || !isObjectType(upstreamType)) continue;
    if (roots.has(type.name) && type !== queryType) continue;
    for (const field of Object.values(type.getFields())) {
      const upstreamField = upstreamType.getFields()[field.name];
      if (!upstreamField || !sameField(field, upstreamField, toUpstream)) continue;
      if (type === queryType) {
        if (options.spaceQueryField === 'Space' && field.name === 'space') continue;
      } else if (field.resolve !== undefined && field.resolve !== defaultMergedResolver) continue;
      fields.add(`${type.name}.${field.name}`);
    }
  }
  return { fields, types, ...derivedFields(published, upstream, options) };
}

/**
 * The computed fields whose dependencies the fast path can read from the answer as delegation would:
 * a published field without arguments, over upstream object fields without arguments that return no
 * union or interface (a count of catalog artifacts, a union, stays delegated).
 */
function derivedFields(
  published: GraphQLSchema,
  upstream: GraphQLSchema,
  options: PassThroughRulesOptions,
): Pick<PassThroughRules, 'computed' | 'dependencyNames'> {
  const name = typeNamer(options.typePrefix ?? '');
  const computed = new Map<string, DerivedField>();
  const dependencyNames = new Set<string>(['__typename']);
  for (const field of options.computed ?? []) {
    const publishedType = published.getType(name(field.type));
    const upstreamType = upstream.getType(field.type);
    if (!isObjectType(publishedType) || !isObjectType(upstreamType)) continue;
    if (publishedType.getFields()[field.field]?.args.length !== 0) continue;
    const selectionSet = parseSelectionSet(field.selectionSet, { noLocation: true });
    if (!readableDependencies(upstreamType, selectionSet, dependencyNames)) continue;
    computed.set(`${publishedType.name}.${field.field}`, {
      dependencies: selectionSet.selections as FieldNode[],
      upstreamType,
      compute: field.compute,
    });
  }
  return { computed, dependencyNames };
}

function readableDependencies(
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  names: Set<string>,
): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind !== Kind.FIELD || selection.alias || selection.directives?.length) return false;
    names.add(selection.name.value);
    if (selection.name.value === '__typename') return true;
    const field = type.getFields()[selection.name.value];
    if (!field || field.args.length > 0) return false;
    const named = getNamedType(field.type);
    if (!selection.selectionSet) return !isObjectType(named) && !isAbstractType(named);
    return isObjectType(named) && readableDependencies(named, selection.selectionSet, names);
  });
}

function sameField(
  field: GraphQLField<unknown, unknown>,
  upstream: GraphQLField<unknown, unknown>,
  toUpstream: (name: string) => string,
): boolean {
  if (isAbstractType(getNamedType(field.type))) return false;
  if (!sameType(field.type, upstream.type, toUpstream)) return false;
  if (field.args.length !== upstream.args.length) return false;
  const upstreamArgs = new Map(upstream.args.map((a) => [a.name, a]));
  return field.args.every((arg) => sameArgument(arg, upstreamArgs.get(arg.name), toUpstream));
}

function sameArgument(
  arg: GraphQLArgument,
  upstream: GraphQLArgument | undefined,
  toUpstream: (name: string) => string,
): boolean {
  return (
    upstream !== undefined &&
    sameType(arg.type, upstream.type, toUpstream) &&
    JSON.stringify(arg.defaultValue) === JSON.stringify(upstream.defaultValue)
  );
}

function sameType(
  published: GraphQLType,
  upstream: GraphQLType,
  toUpstream: (name: string) => string,
): boolean {
  if (isNonNullType(published) || isListType(published)) {
    return (
      upstream.constructor === published.constructor &&
      sameType(published.ofType, (upstream as typeof published).ofType, toUpstream)
    );
  }
  if (isNonNullType(upstream) || isListType(upstream)) return false;
  return toUpstream((published as GraphQLNamedType).name) === (upstream as GraphQLNamedType).name;
}

/**
 * The document to send upstream for `operationName` of `document` (the operation and the fragments
 * it uses; `document` itself when that is all it holds), or undefined when it must be delegated: not
 * a query; a field, `__typename` or type name (type condition, variable type) not published
 * unchanged ({@link passThroughRules}); a fragment at the root; introspection; a directive other than `@skip`/`@include`
 * (`@defer`, `@stream`…); an Upload variable; or no upstream field at all (nothing to send).
 * The document must be valid against `schema` (Yoga validated it).
 */
export function passThroughDocument(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  rules: PassThroughRules,
): DocumentNode | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return undefined;
  // Root fragments would hide which root fields (delegations) the answer is split into.
  if (operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD)) return undefined;
  const fragments = usedFragments(document, operation);
  if (!fragments) return undefined;
  const definitions: DefinitionNode[] = [operation, ...fragments];
  const derived = eligibleDefinitions(definitions, schema, rules);
  if (!derived) return undefined;
  if (derived.size > 0) return { kind: Kind.DOCUMENT, definitions: withDependencies(definitions, derived) };
  if (definitions.length === document.definitions.length) return document;
  return { kind: Kind.DOCUMENT, definitions };
}

/**
 * The definitions with each computed field replaced, in place, by the upstream fields it needs —
 * what delegation sends for it (without the field's directives: the dependencies are always fetched).
 */
function withDependencies(
  definitions: DefinitionNode[],
  derived: ReadonlyMap<SelectionNode, readonly FieldNode[]>,
): DefinitionNode[] {
  const visitor = {
    SelectionSet: {
      leave(node: SelectionSetNode): SelectionSetNode | undefined {
        if (!node.selections.some((selection) => derived.has(selection))) return undefined;
        return {
          ...node,
          selections: node.selections.flatMap((s): readonly SelectionNode[] => derived.get(s) ?? [s]),
        };
      },
    },
  };
  return definitions.map((definition) => visit(definition, visitor));
}

/** The fragments `operation` spreads, transitively; undefined when one is missing. */
function usedFragments(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): FragmentDefinitionNode[] | undefined {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) byName.set(d.name.value, d);
  const used = new Map<string, FragmentDefinitionNode>();
  let missing = false;
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name)) return;
        const fragment = byName.get(name);
        if (!fragment) {
          missing = true;
          return;
        }
        used.set(name, fragment);
        collect(fragment);
      },
    });
  collect(operation);
  return missing ? undefined : [...used.values()];
}

/**
 * Undefined when the definitions must be delegated; otherwise the computed fields in them (each
 * node with the dependencies it stands for), empty when there are none.
 */
function eligibleDefinitions(
  definitions: DefinitionNode[],
  schema: GraphQLSchema,
  rules: PassThroughRules,
): Map<SelectionNode, readonly FieldNode[]> | undefined {
  const typeInfo = new TypeInfo(schema);
  const derived = new Map<SelectionNode, readonly FieldNode[]>();
  let eligible = true;
  let aliasedLikeDependency = false;
  let upstreamFields = 0;
  const refuse = () => {
    eligible = false;
    return BREAK;
  };
  const visitor = visitWithTypeInfo(typeInfo, {
    Directive: (node: DirectiveNode) => (FORWARDED_DIRECTIVES.has(node.name.value) ? undefined : refuse()),
    VariableDefinition: (node) => {
      let type = node.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      return rules.types.has(type.name.value) ? undefined : refuse();
    },
    InlineFragment: (node) =>
      !node.typeCondition || rules.types.has(node.typeCondition.name.value) ? undefined : refuse(),
    FragmentDefinition: (node) => (rules.types.has(node.typeCondition.name.value) ? undefined : refuse()),
    Field: (node) => {
      const parent = typeInfo.getParentType();
      if (!parent) return refuse();
      const name = node.name.value;
      if (node.alias && node.alias.value !== name && rules.dependencyNames.has(node.alias.value))
        aliasedLikeDependency = true;
      if (name === '__typename') return rules.types.has(parent.name) ? undefined : refuse();
      const coordinate = `${parent.name}.${name}`;
      const computed = rules.computed.get(coordinate);
      if (computed) derived.set(node, computed.dependencies);
      else if (!rules.fields.has(coordinate)) return refuse();
      if (parent === schema.getQueryType()) upstreamFields++;
      return undefined;
    },
  });
  for (const definition of definitions) {
    visit(definition, visitor);
    if (!eligible) return undefined;
  }
  if (upstreamFields === 0 || (derived.size > 0 && aliasedLikeDependency)) return undefined;
  return derived;
}
