import { delegateToSchema, type SubschemaConfig } from '@graphql-tools/delegate';
import type { IResolvers } from '@graphql-tools/utils';
import { type GraphQLResolveInfo, OperationTypeNode } from 'graphql';
import { subgraphError } from '../errors/subgraph-error.ts';
import { spaceGuidProblem } from '../upstream/space-guid.ts';
import type { SubgraphContext } from './context.ts';
import { SPACE_GUID_ARGUMENT } from './space-guid.ts';
import { spaceGuidFromUrl } from './space-url.ts';
import type { TypeNamer } from './type-names.ts';

/**
 * Space-scoped upstream operations published as fields of Space, so that a caller never handles
 * a guid: `space(id:) { environments { … } }` instead of `environments(spaceGuid: …)`.
 */
export function spaceScopedFieldsTypeDefs(name: TypeNamer): string {
  return /* GraphQL */ `
  extend type ${name('Space')} {
    "Accounts associated with the Space that the caller has Space Account access to (Boomi \`spaceAccounts\`, sent with this Space's SPACE_GUID)."
    accounts(criteria: ${name('SpaceAccountCriteria')}): [${name('SpaceAccount')}]
    "Integration pack instances of the calling account shared in this Space (Boomi \`integrationPackInstances\`, with this Space's SPACE_GUID)."
    integrationPackInstances: [${name('IntegrationPackInstance')}]
    "Environments of the calling account usable in this Space (Boomi \`environments\`, with this Space's SPACE_GUID)."
    environments: [${name('Environment')}]
    "Integration pack listing metadata of this Space (Boomi \`spaceArtifactListings\` with this Space's id). \`type\` omitted = the Submissions listing; \`ids\` narrows the result (an id not in the Space fails the field with ARTIFACT_NOT_IN_SPACE)."
    artifactListings(type: ${name('SpaceArtifactListingTypeEnum')}, ids: [ID!]): ${name('SpaceArtifactListingSearchResult')}
  }
`;
}

/** Published field name → upstream root field it delegates to. */
const DELEGATED_FIELDS = {
  accounts: 'spaceAccounts',
  integrationPackInstances: 'integrationPackInstances',
  environments: 'environments',
} as const;

/**
 * Resolvers of the space-scoped fields. Each needs only the Space's `url` (its `guid` query
 * parameter becomes the SPACE_GUID header through the `spaceGuid` argument and the space-guid
 * transform); the rest of the field's selection is delegated as is to the upstream root field.
 */
export function spaceScopedFieldsResolvers(
  name: TypeNamer,
  upstream: () => SubschemaConfig,
): IResolvers<unknown, SubgraphContext> {
  const fields: Record<string, unknown> = {};
  for (const [field, rootField] of Object.entries(DELEGATED_FIELDS)) {
    fields[field] = {
      selectionSet: '{ url }',
      resolve(
        space: { url?: string | null },
        args: Record<string, unknown>,
        context: SubgraphContext,
        info: GraphQLResolveInfo,
      ) {
        const guid = space.url ? spaceGuidFromUrl(space.url) : undefined;
        // The guid comes from Boomi's data here, not from the client: a bad one is Boomi's fault.
        if (guid === undefined || spaceGuidProblem(guid) !== undefined) {
          throw subgraphError('UPSTREAM_BAD_RESPONSE', {
            message: `Boomi returned a Space without a usable guid in its url; ${field} cannot be fetched.`,
          });
        }
        return delegateToSchema({
          schema: upstream(),
          operation: OperationTypeNode.QUERY,
          fieldName: rootField,
          args: { ...args, [SPACE_GUID_ARGUMENT]: guid },
          context,
          info,
        });
      },
    };
  }
  fields.artifactListings = {
    // Not SPACE_GUID-scoped: the upstream takes the Space id in its input.
    selectionSet: '{ id }',
    resolve(
      space: { id: string },
      args: { type?: string | null; ids?: string[] | null },
      context: SubgraphContext,
      info: GraphQLResolveInfo,
    ) {
      return delegateToSchema({
        schema: upstream(),
        operation: OperationTypeNode.QUERY,
        fieldName: 'spaceArtifactListings',
        args: {
          input: {
            spaceId: space.id,
            ...(args.type == null ? {} : { spaceArtifactListingType: args.type }),
            ...(args.ids == null ? {} : { spaceArtifactListingIds: args.ids }),
          },
        },
        context,
        info,
      });
    },
  };
  return { [name('Space')]: fields } as IResolvers<unknown, SubgraphContext>;
}
