import {
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  print,
  type VariableDefinitionNode,
} from 'graphql';
import { fastPrintSelectionSet } from '../upstream/fast-print.ts';

/** What an aliased `_spacesByIds` expansion is made of (spaces-by-ids.ts builds the document from it). */
export interface ExpansionParts {
  /** The delegated document and its operation, whose only root field is `field`. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  field: FieldNode;
  /** The operation's variables other than the ids. */
  kept: readonly VariableDefinitionNode[];
  /** The upstream get-by-id field, the response key and the variable of the i-th id. */
  fieldName: string;
  aliasOf(i: number): string;
  variableOf(i: number): string;
  ids: number;
}

/**
 * The text of the aliased document, one line per lookup: the shared selection (and directives) are
 * printed once, not once per alias as graphql-js's `print` of the document would (a visitor over
 * every copy). The same document as `print`'s text, laid out differently (a test parses it back).
 */
export function printExpansion(parts: ExpansionParts): string {
  const { operation, field, fieldName } = parts;
  const shared = [
    ...(field.directives ?? []).map(print),
    ...(field.selectionSet ? [fastPrintSelectionSet(field.selectionSet) ?? print(field.selectionSet)] : []),
  ].join(' ');
  const variables = parts.kept.map(print);
  const lookups: string[] = [];
  for (let i = 0; i < parts.ids; i++) {
    variables.push(`$${parts.variableOf(i)}: ID!`);
    lookups.push(`${parts.aliasOf(i)}: ${fieldName}(id: $${parts.variableOf(i)}) ${shared}`);
  }
  const head = [
    operation.operation,
    operation.name?.value,
    variables.length > 0 ? `(${variables.join(', ')})` : undefined,
    ...(operation.directives ?? []).map(print),
  ].filter((text) => text !== undefined);
  const text = `${head.join(' ')} {\n${lookups.join('\n')}\n}`;
  const others = parts.document.definitions.filter((d) => d !== operation).map(print);
  return [text, ...others].join('\n\n');
}
