import type { GraphQLError } from 'graphql';
import { redactSecrets } from '../observability/redact.ts';
import type { MinimalLogger } from '../upstream/logger-types.ts';
import { CANONICAL_CODES, type CanonicalCode, ERROR_CATALOG, type ErrorCatalogEntry } from './catalog.ts';
import { subgraphError } from './subgraph-error.ts';

/** Maps every recognizable upstream spelling (canonical upstream codes and aliases) to its canonical code. */
const UPSTREAM_NAMES: ReadonlyMap<string, CanonicalCode> = (() => {
  const names = new Map<string, CanonicalCode>();
  for (const code of CANONICAL_CODES) {
    const entry: ErrorCatalogEntry = ERROR_CATALOG[code];
    if (entry.source !== 'upstream') continue;
    names.set(code, code);
    for (const alias of entry.upstreamAliases) names.set(alias, code);
  }
  return names;
})();

// Longest first so that, at one position, SPACE_NAME_IS_LENGTHY wins over NAME_IS_LENGTHY; the
// look-arounds make `_` part of a word, so NAME_IS_LENGTHY never matches inside SPACE_NAME_IS_LENGTHY.
const CODE_IN_MESSAGE = new RegExp(
  `(?<![A-Za-z0-9_])(${[...UPSTREAM_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z0-9_])`,
);

/** Where upstream servers put a machine-readable code, in the order we trust them. */
const EXTENSION_CODE_KEYS = ['code', 'errorCode', 'error_code', 'errorType', 'classification'] as const;

/** Messages are scanned up to this length: codes sit at the start, and a huge message must not cost CPU. */
const MAX_SCAN_LENGTH = 4096;

const DOWNSTREAM_PREFIX = /^\s*Downstream Execution Error:\s*/i;

function lookUpName(value: unknown): { code: CanonicalCode; upstreamCode: string } | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) return undefined;
  const name = value.trim().toUpperCase();
  const code = UPSTREAM_NAMES.get(name);
  return code === undefined ? undefined : { code, upstreamCode: name };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the Boomi error code in an upstream GraphQL error, whatever style the upstream used:
 * a code in `extensions.code` / `extensions.errorCode` (or `error_code`, `errorType`, `classification`), or
 * a code inside the message (`"SPACE_NOT_FOUND: …"`, `"Downstream Execution Error: SPACE_NOT_FOUND: …"`).
 * Newer `SpaceErrorCode` names are mapped to the canonical (legacy) ones.
 * Never throws; returns `undefined` when no known code is found.
 */
export function extractUpstreamCode(error: {
  message?: unknown;
  extensions?: unknown;
}): { code: CanonicalCode; upstreamCode: string } | undefined {
  try {
    if (typeof error !== 'object' || error === null) return undefined;
    const extensions = error.extensions;
    if (isRecord(extensions)) {
      for (const key of EXTENSION_CODE_KEYS) {
        const found = lookUpName(extensions[key]);
        if (found) return found;
      }
    }
    const message = error.message;
    if (typeof message !== 'string') return undefined;
    const text = message.slice(0, MAX_SCAN_LENGTH).replace(DOWNSTREAM_PREFIX, '');
    const match = CODE_IN_MESSAGE.exec(text);
    const name = match?.[1];
    if (name === undefined) return undefined;
    const code = UPSTREAM_NAMES.get(name);
    return code === undefined ? undefined : { code, upstreamCode: name };
  } catch {
    // Hostile input (throwing getters, proxies): treat as "no code" rather than failing the request.
    return undefined;
  }
}

/** Client-facing message of an upstream error without a known code (code INTERNAL_SERVER_ERROR, category UPSTREAM). */
export const UNKNOWN_UPSTREAM_MESSAGE = 'The Spaces service reported an unexpected error.';

/** Upstream messages are logged up to this many characters. */
const MAX_LOGGED_MESSAGE = 500;

function validPath(path: unknown): (string | number)[] | undefined {
  if (!Array.isArray(path) || path.length === 0 || path.length > 100) return undefined;
  for (const segment of path) {
    if (typeof segment === 'string') continue;
    if (typeof segment === 'number' && Number.isInteger(segment) && segment >= 0) continue;
    return undefined;
  }
  return path as (string | number)[];
}

/**
 * Turns one upstream GraphQL error into the error our clients see: canonical code, category, retryable,
 * `upstreamCode` (only when it differs), the catalog message and the upstream `path` (when it is a valid
 * path). Nothing else from upstream is kept: no message, locations, extensions, URLs, headers or stack.
 * An error without a known code becomes `INTERNAL_SERVER_ERROR` with category `UPSTREAM` and is logged
 * (message truncated and redacted) through `options.logger`.
 */
export function normalizeUpstreamError(
  error: { message?: unknown; path?: unknown; extensions?: unknown },
  options: { logger?: MinimalLogger } = {},
): GraphQLError {
  let path: (string | number)[] | undefined;
  try {
    path = validPath(error?.path);
  } catch {
    path = undefined;
  }
  const found = extractUpstreamCode(error);
  if (found) {
    return subgraphError(found.code, { upstreamCode: found.upstreamCode, ...(path ? { path } : {}) });
  }
  let upstreamMessage: string | undefined;
  let truncated = false;
  try {
    const message = error?.message;
    if (typeof message === 'string') {
      upstreamMessage = redactSecrets(message.slice(0, MAX_LOGGED_MESSAGE));
      truncated = message.length > MAX_LOGGED_MESSAGE;
    }
  } catch {
    upstreamMessage = undefined;
  }
  options.logger?.warn({ upstreamMessage, truncated, path }, 'unrecognized upstream error');
  return subgraphError('INTERNAL_SERVER_ERROR', {
    category: 'UPSTREAM',
    message: UNKNOWN_UPSTREAM_MESSAGE,
    ...(path ? { path } : {}),
  });
}
