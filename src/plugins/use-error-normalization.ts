import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type CanonicalCode, ERROR_CATALOG } from '../errors/catalog.ts';
import { causeChain, viaOriginalError } from '../errors/cause-chain.ts';
import { rebuildError } from '../errors/rebuild-error.ts';
import { isSubgraphError, type SubgraphError, subgraphError } from '../errors/subgraph-error.ts';
import { isHttpRefusal } from '../http/refusal.ts';
import { redactSecrets } from '../observability/redact.ts';
import type { MinimalLogger } from '../upstream/logger-types.ts';

export interface ErrorNormalizationOptions {
  /** Where errors that are bugs (not the client's or Boomi's fault) are logged. */
  logger: MinimalLogger;
}

/** Yoga's own request-level codes, mapped to ours (all category BAD_USER_INPUT). */
const REQUEST_CODES: Record<string, CanonicalCode> = {
  BAD_REQUEST: 'BAD_REQUEST',
  REQUEST_ENTITY_TOO_LARGE: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
};

/** Extension keys a client may see. Everything else (upstream leftovers included) is dropped. */
const PUBLIC_EXTENSION_KEYS = [
  'code',
  'category',
  'retryable',
  'retryAfterSeconds',
  'upstreamCode',
  'estimatedUpstreamRequests',
  'maxUpstreamRequests',
] as const;

/**
 * The one place that decides what a client sees of an error (Yoga's own masking is off, see
 * server.ts): each error leaves with a catalog `extensions.code`, `category` and `retryable`, and
 * with no other extension keys, whatever produced it (upstream, Yoga's request checks, graphql-js
 * validation, the limits, or a bug). Bugs are logged here, once, at error level. A request whose
 * client already disconnected keeps only its first error, logged at debug level: nobody reads the
 * answer, and a disconnecting client must be neither a way to flood the error log nor costly.
 */
export function useErrorNormalization(options: ErrorNormalizationOptions): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !isResultWithErrors(result)) return;
      if (request.signal?.aborted) {
        // Nobody reads this answer: its first error stands for all (a cancelled batch of 100
        // entities has an error per entity, and a client going away must cost us little).
        const first = result.errors.slice(0, 1);
        setResult({
          ...result,
          errors: first.map((e) => normalizeOutgoingError(e, quietLogger(options.logger))),
        });
        return;
      }
      const errors = result.errors.map((error) => normalizeOutgoingError(error, options.logger));
      setResult({ ...result, errors });
    },
  };
}

/** Everything at debug level, tagged: what is logged for a request whose client went away. */
function quietLogger(logger: MinimalLogger): MinimalLogger {
  const debug = (object: object, message?: string) =>
    logger.debug({ ...object, clientDisconnected: true }, message);
  // Methods called on the logger itself: pino's live on its prototype.
  return { debug, info: (object, message) => logger.info(object, message), warn: debug, error: debug };
}

function isResultWithErrors(result: unknown): result is { errors: readonly unknown[] } {
  return (
    typeof result === 'object' && result !== null && Array.isArray((result as { errors?: unknown }).errors)
  );
}

/** Exported for unit tests: the rule applied to each outgoing error. */
export function normalizeOutgoingError(error: unknown, logger: MinimalLogger): GraphQLError {
  if (!(error instanceof GraphQLError)) {
    logger.error({ err: error }, 'non-GraphQL error reached the response');
    return subgraphError('INTERNAL_SERVER_ERROR');
  }
  if (isSubgraphError(error)) {
    logUpstreamFailure(error, error, logger);
    return withPublicExtensions(error, error.extensions);
  }

  // Errors wrapped by graphql-js around a resolver's thrown subgraph error keep the original.
  if (isSubgraphError(error.originalError)) {
    logUpstreamFailure(error, error.originalError, logger);
    return withPublicExtensions(error, error.originalError.extensions);
  }

  const yogaCode =
    typeof error.extensions?.code === 'string' ? REQUEST_CODES[error.extensions.code] : undefined;
  if (yogaCode) return rebuild(error, yogaCode, error.message);

  // Yoga's wrapper around a thrown non-Error value (a bug, whatever it says).
  if (error.extensions?.unexpected === true) {
    logger.error({ message: error.message }, 'unexpected value thrown while handling a request');
    return rebuild(error, 'INTERNAL_SERVER_ERROR', ERROR_CATALOG.INTERNAL_SERVER_ERROR.message);
  }

  // graphql-js request errors (validation, variable coercion) have no path and no original error.
  if (error.path === undefined && error.originalError == null) {
    return rebuild(error, 'GRAPHQL_VALIDATION_FAILED', error.message);
  }
  if (error.path === undefined && isCoercionError(error)) {
    return rebuild(error, 'BAD_USER_INPUT', error.message);
  }

  logger.error(
    { err: error.originalError ?? error, path: error.path, message: error.message },
    'unexpected error while executing an operation',
  );
  return rebuild(error, 'INTERNAL_SERVER_ERROR', ERROR_CATALOG.INTERNAL_SERVER_ERROR.message);
}

/**
 * Clients see only a catalog message; operators need the reason. Failures of the upstream side
 * (categories UPSTREAM and UNAUTHENTICATED: no JWT, JWT refused, Boomi down, timeouts) are logged with the internal cause, which the
 * upstream modules keep free of secrets (and which is redacted again here).
 */
function logUpstreamFailure(error: GraphQLError, source: SubgraphError, logger: MinimalLogger): void {
  const category = source.extensions.category;
  // Front-door refusals (inbound auth, CSRF) are the caller's; logging each would be a log-flooding path.
  if (isHttpRefusal(source)) return;
  // UNAUTHENTICATED otherwise: Boomi refusing our JWT.
  if (category !== 'UPSTREAM' && category !== 'UNAUTHENTICATED') return;
  const cause = causeOf(error);
  logger.warn(
    {
      code: source.extensions.code,
      path: error.path,
      ...(cause instanceof Error ? { cause: redactSecrets(cause.message) } : {}),
    },
    'upstream failure reported to a client',
  );
}

/** The internal cause subgraphError() attached, wherever graphql-js or delegation re-wrapped it. */
function causeOf(error: GraphQLError): unknown {
  for (const link of causeChain(error, viaOriginalError)) {
    if (link.cause !== undefined) return link.cause;
  }
  return undefined;
}

function isCoercionError(error: GraphQLError): boolean {
  return /^Variable "\$[^"]+" got invalid value/.test(error.message);
}

function withPublicExtensions(error: GraphQLError, source: GraphQLErrorExtensions): GraphQLError {
  return rebuildError(error, { extensions: publicExtensions(source, error.extensions?.http) });
}

function publicExtensions(source: GraphQLErrorExtensions, http: unknown): GraphQLErrorExtensions {
  const extensions: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSION_KEYS) {
    if (source[key] !== undefined) extensions[key] = source[key];
  }
  // Yoga reads (then omits from the body) extensions.http to pick the HTTP status.
  if (http !== undefined) extensions.http = http;
  return extensions;
}

function rebuild(error: GraphQLError, code: CanonicalCode, message: string): GraphQLError {
  const template = subgraphError(code, { message });
  return rebuildError(error, {
    message,
    extensions: publicExtensions(template.extensions, error.extensions?.http),
  });
}
