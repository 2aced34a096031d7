import type { IResolvers } from '@graphql-tools/utils';
import type { SubgraphContext } from './context.ts';
import { boomiTimestampToIso, spaceGuidFromUrl } from './dates.ts';

/** SDL of the fields we add to upstream types. Each resolver below names the upstream fields it needs. */
export const computedFieldsTypeDefs = /* GraphQL */ `
  extend type Space {
    "Guid of the Space, parsed from \`url\`: the value space-scoped operations take as \`spaceGuid\`."
    guid: ID
    "When the Space was created, ISO-8601 UTC (from Boomi's \`createdDate\`). Null when Boomi's value cannot be read."
    createdAt: DateTime
    "When the Space was last modified, ISO-8601 UTC (from \`modifiedDate\`). Null until the first modification."
    modifiedAt: DateTime
    "True once the Space has been modified after its creation."
    isModified: Boolean!
    "True when a logo is stored for the Space (\`theme.logoUrl\` is set)."
    hasLogo: Boolean!
  }
`;

function timestampField(source: 'createdDate' | 'modifiedDate') {
  return {
    selectionSet: `{ ${source} }`,
    resolve(space: Record<string, unknown>, _args: unknown, context: SubgraphContext) {
      const raw = space[source];
      if (raw == null) return null;
      const iso = typeof raw === 'string' ? boomiTimestampToIso(raw) : undefined;
      if (iso === undefined) {
        context.logger?.warn(
          { field: `Space.${source}`, value: String(raw).slice(0, 64) },
          'unparseable Boomi timestamp; returning null',
        );
        return null;
      }
      return iso;
    },
  };
}

/** Resolvers of the computed fields (stitching `selectionSet`s declare what each needs upstream). */
export const computedFieldsResolvers: IResolvers<unknown, SubgraphContext> = {
  Space: {
    guid: {
      selectionSet: '{ url }',
      resolve: (space: { url?: string | null }) => (space.url ? (spaceGuidFromUrl(space.url) ?? null) : null),
    },
    createdAt: timestampField('createdDate'),
    modifiedAt: timestampField('modifiedDate'),
    isModified: {
      selectionSet: '{ modifiedDate }',
      resolve: (space: { modifiedDate?: string | null }) => space.modifiedDate != null,
    },
    hasLogo: {
      selectionSet: '{ theme { logoUrl } }',
      resolve: (space: { theme?: { logoUrl?: string | null } | null }) => space.theme?.logoUrl != null,
    },
  },
};
