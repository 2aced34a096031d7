import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SPACE_GUID_ARGUMENT, SPACE_SCOPED_ROOT_FIELDS } from '../subgraph/space-guid.ts';
import { subgraphError } from '../upstream/errors.ts';

/**
 * What a Space guid may be: URL-unreserved characters (it is the `guid` query parameter of
 * `Space.url`), short. It travels as the SPACE_GUID header, where a control or non-ASCII character
 * makes the HTTP client throw (a transport failure: retried, and counted by the circuit breaker),
 * and an oversized one makes Boomi answer 400.
 */
const SPACE_GUID = /^[A-Za-z0-9._~-]{1,128}$/;

const MESSAGE =
  'spaceGuid must be 1 to 128 letters, digits, "-", "_", "." or "~" (the guid query parameter of Space.url).';

/**
 * Refuses, before execution, a space-scoped root field whose `spaceGuid` cannot be a SPACE_GUID
 * header value (BAD_USER_INPUT at that field's path): six requests with `spaceGuid: "\u0000"` used to
 * open the upstream circuit breaker for every client.
 */
export function useSpaceGuidValidation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const invalid = invalidGuidFields(
        args.document,
        args.variableValues ?? {},
        args.operationName ?? undefined,
      );
      if (invalid.length === 0) return;
      setResultAndStopExecution({
        errors: invalid.map((field) => {
          const error = subgraphError('BAD_USER_INPUT', {
            message: MESSAGE,
            path: [(field.alias ?? field.name).value],
          });
          Object.assign(error.extensions, { http: { status: 400 } });
          return error;
        }),
      });
    },
  };
}

/** Root fields of the operation that name a space-scoped upstream field with an invalid guid. */
export function invalidGuidFields(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): FieldNode[] {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return [];
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const invalid: FieldNode[] = [];
  const seen = new Set<string>();
  const stack: SelectionNode[] = [...operation.selectionSet.selections];
  while (stack.length > 0) {
    const selection = stack.pop() as SelectionNode;
    if (selection.kind === Kind.INLINE_FRAGMENT) stack.push(...selection.selectionSet.selections);
    else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      // Each fragment once: validation has already refused cycles, this also stops fan-out.
      if (seen.has(selection.name.value)) continue;
      seen.add(selection.name.value);
      stack.push(...(fragments.get(selection.name.value)?.selectionSet.selections ?? []));
    } else if (SPACE_SCOPED_ROOT_FIELDS.has(selection.name.value) && !validGuid(selection, variables)) {
      invalid.push(selection);
    }
  }
  return invalid.reverse();
}

function validGuid(field: FieldNode, variables: Record<string, unknown>): boolean {
  const argument = field.arguments?.find((a) => a.name.value === SPACE_GUID_ARGUMENT);
  // A missing argument is graphql-js's to refuse (spaceGuid is ID!), and so is any value that is not
  // a string or a number (coercion of ID). Never String() a client value: a deep array recurses.
  if (!argument) return true;
  const value = valueFromASTUntyped(argument.value, variables);
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value !== 'string' || SPACE_GUID.test(value);
}
