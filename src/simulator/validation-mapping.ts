/**
 * Some documented domain errors can only be reached through input the SDL itself rejects:
 * `sharingMode` values other than ACCOUNT_GROUP (UNSUPPORTED_SHARING_MODE) and a spaceAccounts
 * `criteria` without operator/argument (ACCOUNT_INPUT_MISSING_FIELDS). The service behind the docs
 * evidently validates these itself, so when every request error of a request is one of these, the
 * simulator answers with the domain error (at the root field's path) instead of a plain 400.
 */
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import type { SimErrorCode } from './error-codes.ts';

/** A request error turned into a domain error. */
export interface MappedError {
  code: SimErrorCode;
  message: string;
  path: string[];
}

function rootFields(operation: OperationDefinitionNode): FieldNode[] {
  return operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
}

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** Root field whose source range contains the error's first node. */
function containingRootField(error: GraphQLError, operation: OperationDefinitionNode): FieldNode | undefined {
  const start = error.nodes?.[0]?.loc?.start;
  if (start === undefined) return undefined;
  return rootFields(operation).find((f) => f.loc && f.loc.start <= start && start < f.loc.end);
}

/** First root field that uses `$name` in its arguments. */
function rootFieldUsingVariable(name: string, operation: OperationDefinitionNode): FieldNode | undefined {
  return rootFields(operation).find((field) => {
    let uses = false;
    visit(field, {
      Variable(node) {
        if (node.name.value === name) uses = true;
      },
    });
    return uses;
  });
}

function variableTypeName(name: string, operation: OperationDefinitionNode): string | undefined {
  const def = operation.variableDefinitions?.find((v) => v.variable.name.value === name);
  let type = def?.type;
  while (type && type.kind !== Kind.NAMED_TYPE) type = type.type;
  return type?.name.value;
}

function mapOne(error: GraphQLError, operation: OperationDefinitionNode): MappedError | undefined {
  const message = error.message;
  const variable = /^Variable "\$(\w+)" got invalid value/.exec(message)?.[1];
  const field = variable
    ? rootFieldUsingVariable(variable, operation)
    : containingRootField(error, operation);
  if (!field) return undefined;
  const path = [responseKey(field)];
  if (/"SpaceSharingMode" enum/.test(message) && field.name.value === 'spaceCreate') {
    return {
      code: 'UNSUPPORTED_SHARING_MODE',
      message: 'Only the ACCOUNT_GROUP sharing mode is supported',
      path,
    };
  }
  if (field.name.value === 'spaceAccounts') {
    const literalMissing = /Field "SpaceAccountCriteria\.(operator|argument)" of required type/.test(message);
    const literalNull = !variable && /Expected value of type "(Operator|String)!", found null/.test(message);
    const variableMissing =
      variable !== undefined &&
      variableTypeName(variable, operation) === 'SpaceAccountCriteria' &&
      /(was not provided|Expected non-nullable type)/.test(message);
    if (literalMissing || literalNull || variableMissing) {
      return {
        code: 'ACCOUNT_INPUT_MISSING_FIELDS',
        message: 'criteria requires both operator and argument',
        path,
      };
    }
  }
  return undefined;
}

/** Maps request errors to domain errors; undefined unless every error maps. */
export function mapRequestErrors(
  errors: readonly GraphQLError[],
  document: DocumentNode,
  operationName: string | undefined,
): MappedError[] | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operationName === undefined ? operations[0] : operations.find((o) => o.name?.value === operationName);
  if (!operation || errors.length === 0) return undefined;
  const mapped: MappedError[] = [];
  for (const error of errors) {
    const one = mapOne(error, operation);
    if (!one) return undefined;
    mapped.push(one);
  }
  return mapped;
}
