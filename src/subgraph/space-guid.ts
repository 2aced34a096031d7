import type { Transform } from '@graphql-tools/delegate';
import type { ExecutionRequest } from '@graphql-tools/utils';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  type ArgumentNode,
  type DocumentNode,
  GraphQLID,
  GraphQLNonNull,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type ValueNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';
import { spaceGuidProblem, withSpaceGuid } from '../upstream/space-guid.ts';

/**
 * Upstream root fields that need the `SPACE_GUID` HTTP header (docs/contract.md §8, "SG").
 * Callers pass the guid as our `spaceGuid: ID!` argument instead.
 */
export const SPACE_SCOPED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'spaceAccounts',
  'integrationPackInstances',
  'integrationPackInstanceProcesses',
  'environments',
  'executionHistory',
  'integrationPackEnvironmentAttachments',
  'IPackInstanceOAuthConnectorDetails',
  'integrationPackInstanceEnvironmentAttachmentAttach',
  'integrationPackInstanceEnvironmentAttachmentUnattach',
  'extensionsUpdate',
  'extendedMappersUpdate',
  'processExecute',
  'processSchedulesUpdate',
  'saveIPackInstanceOauthConnectorDetails',
]);

/** Name of the argument we add to every space-scoped root field. */
export const SPACE_GUID_ARGUMENT = 'spaceGuid';

/**
 * Adds `spaceGuid: ID!` to the space-scoped root fields of the wrapped schema, and on the way
 * upstream removes that argument from the document and carries its value in
 * `request.extensions.spaceGuid` (checked by `spaceGuidProblem`: the executor's input contract in
 * src/upstream/space-guid.ts), from which the executor sets the `SPACE_GUID` header.
 */
export function spaceGuidTransform(): Transform {
  return {
    transformSchema: (schema) => addSpaceGuidArguments(schema),
    transformRequest: (request) => extractSpaceGuid(request),
  };
}

function addSpaceGuidArguments(schema: GraphQLSchema): GraphQLSchema {
  const rootTypeNames = new Set(
    [schema.getQueryType(), schema.getMutationType()].filter((t) => t != null).map((t) => t.name),
  );
  return mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (fieldConfig, fieldName, typeName) => {
      if (!rootTypeNames.has(typeName) || !SPACE_SCOPED_ROOT_FIELDS.has(fieldName)) return fieldConfig;
      return {
        ...fieldConfig,
        args: {
          [SPACE_GUID_ARGUMENT]: {
            type: new GraphQLNonNull(GraphQLID),
            description:
              'Guid of the Space the operation acts in (the `guid` query parameter of `Space.url`, also `Space.guid`). ' +
              'Sent upstream as the SPACE_GUID header.',
          },
          ...fieldConfig.args,
        },
      };
    },
  });
}

/**
 * Removes the `spaceGuid` argument from the root fields of the request and returns the request
 * with the guid in its extensions. Throws BAD_USER_INPUT when the guid cannot be sent as a header. Throws when one request names two different guids: the
 * delegation layer sends one root field per request, and the executor batches only requests
 * with equal guids, so that would be a programming error.
 */
export function extractSpaceGuid(request: ExecutionRequest): ExecutionRequest {
  // Fast path: most requests name no space-scoped root field; skip the document visit.
  if (!namesSpaceScopedField(request.document)) return request;
  const variables = request.variables ?? {};
  const guids = new Set<string>();
  const removedVariables = new Set<string>();

  const document = visit(request.document, {
    OperationDefinition: {
      enter(operation) {
        const selections = operation.selectionSet.selections.map((selection) => {
          if (selection.kind !== Kind.FIELD || !SPACE_SCOPED_ROOT_FIELDS.has(selection.name.value)) {
            return selection;
          }
          const kept: ArgumentNode[] = [];
          for (const arg of selection.arguments ?? []) {
            if (arg.name.value !== SPACE_GUID_ARGUMENT) {
              kept.push(arg);
              continue;
            }
            const value = readValue(arg.value, variables);
            if (value !== undefined) guids.add(value);
            if (arg.value.kind === Kind.VARIABLE) removedVariables.add(arg.value.name.value);
          }
          return { ...selection, arguments: kept };
        });
        return { ...operation, selectionSet: { ...operation.selectionSet, selections } };
      },
    },
  }) as DocumentNode;

  if (guids.size === 0) return request;
  if (guids.size > 1) {
    throw new Error(`One upstream request cannot carry two SPACE_GUID values (${guids.size} given)`);
  }
  const [guid] = guids as unknown as [string];
  const problem = spaceGuidProblem(guid);
  if (problem !== undefined) throw subgraphError('BAD_USER_INPUT', { message: problem });
  const stillUsed = usedVariables(document);
  const prunedDocument = visit(document, {
    OperationDefinition: (operation: OperationDefinitionNode) => ({
      ...operation,
      variableDefinitions: operation.variableDefinitions?.filter(
        (d) => !removedVariables.has(d.variable.name.value) || stillUsed.has(d.variable.name.value),
      ),
    }),
  }) as DocumentNode;
  const prunedVariables = { ...variables };
  for (const name of removedVariables) if (!stillUsed.has(name)) delete prunedVariables[name];

  return withSpaceGuid({ ...request, document: prunedDocument, variables: prunedVariables }, guid);
}

function readValue(node: ValueNode, variables: Record<string, unknown>): string | undefined {
  const value = valueFromASTUntyped(node, variables);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function usedVariables(document: DocumentNode): Set<string> {
  const used = new Set<string>();
  visit(document, {
    VariableDefinition: () => false,
    Variable: (node) => {
      used.add(node.name.value);
    },
  });
  return used;
}

function namesSpaceScopedField(document: DocumentNode): boolean {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && SPACE_SCOPED_ROOT_FIELDS.has(selection.name.value)) return true;
    }
  }
  return false;
}
