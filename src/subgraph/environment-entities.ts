import {
  type DocumentNode,
  execute,
  type FieldNode,
  type GraphQLResolveInfo,
  Kind,
  OperationTypeNode,
  visit,
} from 'graphql';
import { fieldNode, notFound, selectionsFor } from './entities.ts';

/** What an environment looks like in the delegated result (un-aliased field names). */
type RawEnvironment = Record<string, unknown> & { id?: unknown };

/**
 * Batch function of Environment entities. Boomi has no environment lookup, and `environments`
 * needs a SPACE_GUID; the environments are the caller account's, the same through any Space,
 * except `integrationPackEnvironmentAttachment`, which lists only the attachments of instances
 * shared in that Space. So one batch runs `spaces { environments { … } }` on our own schema
 * (1 request for the Spaces + 1 per Space, each with its guid), takes each environment from the
 * first Space that lists it, and unions its attachments over all Spaces. An id no Space lists is
 * ENVIRONMENT_NOT_FOUND. Aliases are removed from the delegated selection so the merged raw
 * objects resolve by field name.
 */
export function environmentBatch(environmentTypeName: string, context: object, info: GraphQLResolveInfo) {
  const document = environmentsDocument(info, environmentTypeName);
  return async (ids: readonly string[]): Promise<unknown[]> => {
    const result = await execute({ schema: info.schema, document, contextValue: context });
    const spaces = (result.data as { spaces?: unknown } | null | undefined)?.spaces;
    if (!Array.isArray(spaces)) {
      const error = result.errors?.[0] ?? notFound('ENVIRONMENT_NOT_FOUND', 'No Space could be listed.');
      return ids.map(() => error);
    }
    const byId = mergedEnvironments(spaces);
    return ids.map(
      (id) =>
        byId.get(id) ??
        notFound('ENVIRONMENT_NOT_FOUND', `No Space our account can list has the environment ${id}.`),
    );
  };
}

function environmentsDocument(info: GraphQLResolveInfo, environmentTypeName: string): DocumentNode {
  const environments = fieldNode('environments', [
    fieldNode('id', []),
    ...selectionsFor(info, environmentTypeName),
  ]);
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [fieldNode('spaces', [environments])] },
      },
      ...Object.values(info.fragments),
    ],
  };
  return visit(document, {
    Field: (node: FieldNode) => (node.alias ? { ...node, alias: undefined } : undefined),
  });
}

const ATTACHMENTS = 'integrationPackEnvironmentAttachment';

/** Each environment by id: the first Space's copy, with the attachments of every Space's copy. */
export function mergedEnvironments(spaces: readonly unknown[]): Map<string, RawEnvironment> {
  const byId = new Map<string, RawEnvironment>();
  const attachments = new Map<string, Map<string, unknown>>();
  for (const space of spaces) {
    const list = (space as { environments?: unknown } | null)?.environments;
    if (!Array.isArray(list)) continue;
    for (const environment of list as Array<RawEnvironment | null>) {
      if (typeof environment?.id !== 'string') continue;
      if (!byId.has(environment.id)) byId.set(environment.id, environment);
      const own = environment[ATTACHMENTS];
      if (!Array.isArray(own)) continue;
      let seen = attachments.get(environment.id);
      if (!seen) {
        seen = new Map();
        attachments.set(environment.id, seen);
      }
      for (const attachment of own) seen.set(JSON.stringify(attachment), attachment);
    }
  }
  for (const [id, environment] of byId) {
    const all = attachments.get(id);
    if (all) byId.set(id, { ...environment, [ATTACHMENTS]: [...all.values()] });
  }
  return byId;
}
