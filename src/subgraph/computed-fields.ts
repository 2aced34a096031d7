import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { SubgraphContext } from './context.ts';
import { boomiTimestampToIso } from './dates.ts';
import { pathOf, relocated } from './relocate-error.ts';
import { spaceGuidFromUrl } from './space-url.ts';
import { type TypeNamer, typeNamer } from './type-names.ts';

/**
 * SDL of the fields we add to upstream types, for the published type names. Each resolver below
 * names the upstream fields it needs (stitching `selectionSet`): those are fetched only when the
 * computed field is asked for.
 */
export function computedFieldsTypeDefs(name: TypeNamer = typeNamer('')): string {
  return /* GraphQL */ `
  extend type ${name('Space')} {
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
    "Id of the account group the Space is shared with (from \`accountGroup { id }\`)."
    accountGroupId: ID
    "Number of integration packs shared in the Space (from \`sharedIpacks\`; Boomi lets only sub-accounts of the Space's account group read it)."
    sharedIpackCount: Int
    "Number of catalog artifacts (recipes) of the Space (from \`catalogArtifacts\`)."
    catalogArtifactCount: Int
  }

  extend type ${name('AccountGroup')} {
    "Number of integration packs of the account group (from \`integrationPacks\`)."
    integrationPackCount: Int
  }
`;
}

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

/**
 * The length of a list field of the parent, or null when the list is null. When the upstream
 * failed that field, the delegation layer left the error in its place: re-throwing it reports the
 * upstream's code at the count's own path instead of a misleading null (or at a field the
 * client did not ask for).
 */
function countOf(value: unknown, info: GraphQLResolveInfo): number | null {
  if (value instanceof Error) throw relocated(value, pathOf(info));
  return Array.isArray(value) ? value.length : null;
}

/** Resolvers of the computed fields (stitching `selectionSet`s declare what each needs upstream). */
export function computedFieldsResolvers(
  name: TypeNamer = typeNamer(''),
): IResolvers<unknown, SubgraphContext> {
  return {
    [name('Space')]: {
      guid: {
        selectionSet: '{ url }',
        resolve: (space: { url?: string | null }) =>
          space.url ? (spaceGuidFromUrl(space.url) ?? null) : null,
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
      accountGroupId: {
        selectionSet: '{ accountGroup { id } }',
        resolve: (space: { accountGroup?: { id?: string | null } | null }) => space.accountGroup?.id ?? null,
      },
      sharedIpackCount: {
        selectionSet: '{ sharedIpacks { id } }',
        resolve: (
          space: { sharedIpacks?: unknown },
          _args: unknown,
          _context: unknown,
          info: GraphQLResolveInfo,
        ) => countOf(space.sharedIpacks, info),
      },
      catalogArtifactCount: {
        selectionSet: '{ catalogArtifacts { __typename } }',
        resolve: (
          space: { catalogArtifacts?: unknown },
          _args: unknown,
          _context: unknown,
          info: GraphQLResolveInfo,
        ) => countOf(space.catalogArtifacts, info),
      },
    },
    [name('AccountGroup')]: {
      integrationPackCount: {
        selectionSet: '{ integrationPacks { id } }',
        resolve: (
          group: { integrationPacks?: unknown },
          _args: unknown,
          _context: unknown,
          info: GraphQLResolveInfo,
        ) => countOf(group.integrationPacks, info),
      },
    },
  };
}
