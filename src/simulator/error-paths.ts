/**
 * The `field-name` error-path option (issue #8 failure mode 11): some GraphQL servers put a field's
 * name, not the alias the request chose, in an error's path. The simulator can answer that way so the
 * subgraph's batching (which aliases every merged root field) is tested against it.
 */
import { type DocumentNode, type FieldNode, Kind, type SelectionSetNode } from 'graphql';

type Path = ReadonlyArray<string | number>;

/** `path` with every response key replaced by the name of the field it answers. */
export function fieldNamePath(path: Path, document: DocumentNode, operationName?: string | null): Path {
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return path;
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  }
  let selectionSet: SelectionSetNode | undefined = operation.selectionSet;
  return path.map((segment) => {
    if (typeof segment === 'number') return segment;
    const field = selectionSet ? findField(selectionSet, segment, fragments, 0) : undefined;
    selectionSet = field?.selectionSet;
    return field ? field.name.value : segment;
  });
}

/** The field answered under `key` in `selectionSet`, through inline fragments and fragment spreads. */
function findField(
  selectionSet: SelectionSetNode,
  key: string,
  fragments: Map<string, SelectionSetNode>,
  depth: number,
): FieldNode | undefined {
  // Fragments cannot cycle in a valid document; the bound keeps an invalid one harmless.
  if (depth > 32) return undefined;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias?.value ?? selection.name.value) === key) return selection;
      continue;
    }
    const nested =
      selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value);
    const found = nested ? findField(nested, key, fragments, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}
