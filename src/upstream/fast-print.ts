/**
 * graphql-js's `print` for executable documents, as one recursive walk over strings. graphql-js 16.15
 * prints through `visit` with a reducer and a linked buffer per node: the largest cost of sending a
 * merged (coalesced) upstream request, which is printed anew each time (docs/performance.md). The
 * text is byte for byte `print`'s — same layout, same 80-column wrapping of field arguments, same
 * string escapes (test/unit/upstream/fast-print.test.ts compares them over generated documents).
 * What it does not lay out itself (descriptions, block strings, type-system definitions, empty
 * selection sets) makes it return `undefined`, and the caller prints with `print`.
 */
import {
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  Kind,
  print,
  type SelectionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** graphql-js wraps a field's arguments onto their own lines past this length. */
const MAX_LINE_LENGTH = 80;

/** Thrown inside the walk for what only `print` lays out; never escapes {@link fastPrint}. */
const UNSUPPORTED = Symbol('unsupported');

/** `print(document)` for an executable document, or undefined when `print` must do it. */
export function fastPrint(document: DocumentNode): string | undefined {
  return unlessUnsupported(() => document.definitions.map(definition).join('\n\n'));
}

/** `print(selectionSet)` for a selection set on its own, or undefined when `print` must do it. */
export function fastPrintSelectionSet(node: SelectionSetNode): string | undefined {
  return unlessUnsupported(() => selectionSet(node, ''));
}

function unlessUnsupported(printText: () => string): string | undefined {
  try {
    return printText();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

function definition(node: DocumentNode['definitions'][number]): string {
  if ('description' in node && node.description) throw UNSUPPORTED;
  if (node.kind === Kind.OPERATION_DEFINITION) {
    const variables = variableDefinitions(node.variableDefinitions);
    const head = joined([
      node.operation,
      `${node.name?.value ?? ''}${variables}`,
      directives(node.directives),
    ]);
    const body = selectionSet(node.selectionSet, '');
    return node.operation === 'query' && head === 'query' ? body : `${head} ${body}`;
  }
  if (node.kind === Kind.FRAGMENT_DEFINITION) {
    const variables = variableDefinitions(node.variableDefinitions);
    const marks = directives(node.directives);
    return `fragment ${node.name.value}${variables} on ${node.typeCondition.name.value} ${marks === '' ? '' : `${marks} `}${selectionSet(node.selectionSet, '')}`;
  }
  throw UNSUPPORTED;
}

/** Non-empty parts joined by a space (graphql-js's `join(parts, ' ')`). */
function joined(parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}

function variableDefinitions(nodes: readonly VariableDefinitionNode[] | undefined): string {
  if (!nodes || nodes.length === 0) return '';
  const printed = nodes.map((node) => {
    if (node.description) throw UNSUPPORTED;
    const fallback = node.defaultValue ? ` = ${value(node.defaultValue)}` : '';
    const marks = directives(node.directives);
    return `$${node.variable.name.value}: ${type(node.type)}${fallback}${marks === '' ? '' : ` ${marks}`}`;
  });
  return `(${printed.join(', ')})`;
}

function selectionSet(node: SelectionSetNode, indent: string): string {
  if (node.selections.length === 0) throw UNSUPPORTED;
  const inner = `${indent}  `;
  const lines = node.selections.map((selection) => inner + printSelection(selection, inner));
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function printSelection(node: SelectionNode, indent: string): string {
  if (node.kind === Kind.FIELD) return field(node, indent);
  const marks = directives(node.directives);
  if (node.kind === Kind.FRAGMENT_SPREAD) return `...${node.name.value}${marks === '' ? '' : ` ${marks}`}`;
  const condition = node.typeCondition ? `on ${node.typeCondition.name.value}` : '';
  return joined(['...', condition, marks, selectionSet(node.selectionSet, indent)]);
}

function field(node: FieldNode, indent: string): string {
  const prefix = node.alias ? `${node.alias.value}: ${node.name.value}` : node.name.value;
  let text = prefix;
  if (node.arguments && node.arguments.length > 0) {
    const args = node.arguments.map(argument);
    const length = args.reduce((sum, arg, i) => sum + (i === 0 ? 0 : 2) + arg.length, 0);
    text +=
      prefix.length + length + 2 > MAX_LINE_LENGTH
        ? `(\n${args.map((arg) => `${indent}  ${arg}`).join('\n')}\n${indent})`
        : `(${args.join(', ')})`;
  }
  const marks = directives(node.directives);
  if (marks !== '') text += ` ${marks}`;
  if (node.selectionSet) text += ` ${selectionSet(node.selectionSet, indent)}`;
  return text;
}

function argument(node: ArgumentNode): string {
  return `${node.name.value}: ${value(node.value)}`;
}

function directives(nodes: readonly DirectiveNode[] | undefined): string {
  if (!nodes || nodes.length === 0) return '';
  return nodes
    .map((node) =>
      node.arguments && node.arguments.length > 0
        ? `@${node.name.value}(${node.arguments.map(argument).join(', ')})`
        : `@${node.name.value}`,
    )
    .join(' ');
}

function value(node: ValueNode): string {
  switch (node.kind) {
    case Kind.VARIABLE:
      return `$${node.name.value}`;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.ENUM:
      return node.value;
    case Kind.STRING:
      if (node.block === true) throw UNSUPPORTED;
      // graphql-js's escapes (printString is internal to it): printed alone, a string node is its literal.
      return print(node);
    case Kind.BOOLEAN:
      return node.value ? 'true' : 'false';
    case Kind.NULL:
      return 'null';
    case Kind.LIST:
      return `[${node.values.map(value).join(', ')}]`;
    case Kind.OBJECT:
      return `{${node.fields.map((f) => `${f.name.value}: ${value(f.value)}`).join(', ')}}`;
    default:
      throw UNSUPPORTED;
  }
}

function type(node: TypeNode): string {
  if (node.kind === Kind.NAMED_TYPE) return node.name.value;
  if (node.kind === Kind.LIST_TYPE) return `[${type(node.type)}]`;
  return `${type(node.type)}!`;
}
