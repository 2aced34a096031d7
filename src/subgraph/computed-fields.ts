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

/**
 * A field we add to an upstream type, derived from upstream fields of the same object: what it
 * needs (stitching `selectionSet`) and how its value follows from them. The resolvers below and the
 * pass-through fast path (src/subgraph/pass-through-eligibility.ts, direct-answer.ts) share this one
 * definition, so a computed field answers the same whichever path serves it.
 */
export interface ComputedField {
  /** Upstream type name (the published name is the type namer's). */
  type: 'Space' | 'AccountGroup';
  field: string;
  /** The upstream fields it is derived from, as a stitching `selectionSet`. */
  selectionSet: string;
  /**
   * The list field whose upstream failure the value reports at its own path (a count re-throws the
   * error the delegation layer left in the list's place instead of answering a misleading null).
   */
  reportsFailureOf?: string;
  /** The value from the parent's upstream fields (never Error values: see `reportsFailureOf`). */
  compute(parent: Record<string, unknown>, context: SubgraphContext | undefined): unknown;
}

function timestamp(source: 'createdDate' | 'modifiedDate') {
  return (space: Record<string, unknown>, context: SubgraphContext | undefined): string | null => {
    const raw = space[source];
    if (raw == null) return null;
    const iso = typeof raw === 'string' ? boomiTimestampToIso(raw) : undefined;
    if (iso === undefined) {
      context?.logger?.warn(
        { field: `Space.${source}`, value: String(raw).slice(0, 64) },
        'unparseable Boomi timestamp; returning null',
      );
      return null;
    }
    return iso;
  };
}

function lengthOf(list: string) {
  return (parent: Record<string, unknown>): number | null => {
    const value = parent[list];
    return Array.isArray(value) ? value.length : null;
  };
}

/** Every computed field, by upstream type. */
export const COMPUTED_FIELDS: readonly ComputedField[] = [
  {
    type: 'Space',
    field: 'guid',
    selectionSet: '{ url }',
    compute: (space) => (space.url ? (spaceGuidFromUrl(space.url as string) ?? null) : null),
  },
  { type: 'Space', field: 'createdAt', selectionSet: '{ createdDate }', compute: timestamp('createdDate') },
  {
    type: 'Space',
    field: 'modifiedAt',
    selectionSet: '{ modifiedDate }',
    compute: timestamp('modifiedDate'),
  },
  {
    type: 'Space',
    field: 'isModified',
    selectionSet: '{ modifiedDate }',
    compute: (space) => space.modifiedDate != null,
  },
  {
    type: 'Space',
    field: 'hasLogo',
    selectionSet: '{ theme { logoUrl } }',
    compute: (space) => (space.theme as { logoUrl?: unknown } | null | undefined)?.logoUrl != null,
  },
  {
    type: 'Space',
    field: 'accountGroupId',
    selectionSet: '{ accountGroup { id } }',
    compute: (space) => (space.accountGroup as { id?: unknown } | null | undefined)?.id ?? null,
  },
  {
    type: 'Space',
    field: 'sharedIpackCount',
    selectionSet: '{ sharedIpacks { id } }',
    reportsFailureOf: 'sharedIpacks',
    compute: lengthOf('sharedIpacks'),
  },
  {
    type: 'Space',
    field: 'catalogArtifactCount',
    selectionSet: '{ catalogArtifacts { __typename } }',
    reportsFailureOf: 'catalogArtifacts',
    compute: lengthOf('catalogArtifacts'),
  },
  {
    type: 'AccountGroup',
    field: 'integrationPackCount',
    selectionSet: '{ integrationPacks { id } }',
    reportsFailureOf: 'integrationPacks',
    compute: lengthOf('integrationPacks'),
  },
];

/**
 * The resolver of a computed field. A count whose list the upstream failed re-throws the error the
 * delegation layer left in the list's place, at the count's own path: the upstream's code instead
 * of a misleading null (or an error at a field the client did not ask for).
 */
function resolverOf(computed: ComputedField) {
  return {
    selectionSet: computed.selectionSet,
    resolve(
      parent: Record<string, unknown>,
      _args: unknown,
      context: SubgraphContext,
      info: GraphQLResolveInfo,
    ) {
      const failed = computed.reportsFailureOf === undefined ? undefined : parent[computed.reportsFailureOf];
      if (failed instanceof Error) throw relocated(failed, pathOf(info));
      return computed.compute(parent, context);
    },
  };
}

/** Resolvers of the computed fields (stitching `selectionSet`s declare what each needs upstream). */
export function computedFieldsResolvers(
  name: TypeNamer = typeNamer(''),
): IResolvers<unknown, SubgraphContext> {
  const resolvers: Record<string, Record<string, ReturnType<typeof resolverOf>>> = {};
  for (const computed of COMPUTED_FIELDS) {
    const type = name(computed.type);
    resolvers[type] = { ...resolvers[type], [computed.field]: resolverOf(computed) };
  }
  return resolvers as IResolvers<unknown, SubgraphContext>;
}
