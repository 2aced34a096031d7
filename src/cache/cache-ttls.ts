import type { TypeNamer } from '../subgraph/type-names.ts';

/** Time to live of a cached response when no type or field in it says otherwise. @default 10000 */
export const DEFAULT_RESPONSE_CACHE_TTL_MS = 10_000;

/**
 * Defaults per kind of data (upstream type names; the type prefix is applied). The TTL of a
 * response is the smallest TTL of the types and fields it contains; 0 means "never cache".
 * - configuration that people edit rarely and mostly through us (Spaces, their groups, themes,
 *   environments, reference accounts): 60 s, and our own mutations evict Spaces at once;
 * - installed packs, processes, schedules, listings: 30 s;
 * - who may use a Space (SpaceAccount) and OAuth connector details: 10 s (authorization-adjacent);
 * - execution history: never (it changes with every run).
 */
const TTL_PER_TYPE: Readonly<Record<string, number>> = {
  Space: 60_000,
  SpaceTheme: 60_000,
  AccountGroup: 60_000,
  Environment: 60_000,
  ReferenceAccount: 60_000,
  IntegrationPack: 60_000,
  IntegrationPackInstance: 30_000,
  IntegrationPackInstanceProcess: 30_000,
  ProcessSchedules: 30_000,
  IntegrationPackEnvironmentAttachment: 30_000,
  SpaceArtifactListingSearchResult: 30_000,
  SpaceAccount: 10_000,
  IPackInstanceOAuthConnectorDetail: 10_000,
  ExecutionHistoryRecord: 0,
};

/** Field-level defaults (schema coordinates). */
const TTL_PER_COORDINATE: Readonly<Record<string, number>> = {
  'Query.executionHistory': 0,
};

/** The TTL tables after the type prefix and the operator's overrides. */
export interface ResponseCacheTtls {
  ttlPerType: Record<string, number>;
  ttlPerSchemaCoordinate: Record<string, number>;
}

/**
 * Builds the TTL tables: the defaults above with `name` applied to type names, then `overrides`
 * (`Type=ms` or `Type.field=ms`, published names, as parsed by {@link parseTtlOverrides}).
 */
export function responseCacheTtls(
  name: TypeNamer,
  overrides: Record<string, number> = {},
): ResponseCacheTtls {
  const ttlPerType: Record<string, number> = {};
  for (const [type, ttl] of Object.entries(TTL_PER_TYPE)) ttlPerType[name(type)] = ttl;
  const ttlPerSchemaCoordinate: Record<string, number> = { ...TTL_PER_COORDINATE };
  for (const [key, ttl] of Object.entries(overrides)) {
    if (key.includes('.')) ttlPerSchemaCoordinate[key] = ttl;
    else ttlPerType[key] = ttl;
  }
  return { ttlPerType, ttlPerSchemaCoordinate };
}

/**
 * Parses `RESPONSE_CACHE_TTLS`: comma-separated `Name=milliseconds`, where Name is a type
 * (`Space`) or a schema coordinate (`Query.spaces`). Throws an Error naming the bad entry.
 */
export function parseTtlOverrides(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)=(\d{1,9})$/.exec(entry);
    if (!match) throw new Error(`expected Type=ms or Type.field=ms, got ${JSON.stringify(entry)}`);
    out[match[1]!] = Number(match[2]);
  }
  return out;
}
