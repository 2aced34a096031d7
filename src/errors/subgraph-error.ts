import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import { type CanonicalCode, ERROR_CATALOG, type ErrorCatalogEntry, type ErrorCategory } from './catalog.ts';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    /** A {@link CanonicalCode}; see docs/errors.md. */
    code?: CanonicalCode;
    category?: ErrorCategory;
    /** Whether re-sending the same request unchanged, later, may succeed and is safe. */
    retryable?: boolean;
    /** Whole seconds to wait before retrying (rate limiting). */
    retryAfterSeconds?: number;
    /** The code as Boomi spelled it, only when it differs from `code`. */
    upstreamCode?: string;
    /** OPERATION_TOO_EXPENSIVE: the estimated number of upstream requests of the operation. */
    estimatedUpstreamRequests?: number;
    /** OPERATION_TOO_EXPENSIVE: the budget it exceeded (`MAX_UPSTREAM_REQUESTS_PER_OPERATION`). */
    maxUpstreamRequests?: number;
  }
}

/** Options of {@link subgraphError}. */
export interface SubgraphErrorOptions {
  /** Client-facing message. @default the catalog message of the code */
  message?: string;
  /** Response path of the field that failed. @default none */
  path?: readonly (string | number)[];
  /** Added as `extensions.retryAfterSeconds`, rounded up to whole seconds. @default none */
  retryAfterSeconds?: number;
  /** Overrides the catalog category. @default the catalog category */
  category?: ErrorCategory;
  /** Overrides the catalog retryable flag (e.g. auth refused with 401 is not retryable). @default the catalog flag */
  retryable?: boolean;
  /** The upstream spelling; added as `extensions.upstreamCode` only when it differs from the code. @default none */
  upstreamCode?: string;
  /**
   * The underlying error, for server-side logs only. It is attached as the non-enumerable `cause`, NOT as
   * GraphQL's `originalError`: Yoga masks every GraphQLError whose `originalError` is not itself a
   * GraphQLError, which would replace our code with "Unexpected error.". @default none
   */
  originalError?: Error;
}

/**
 * The one way any module creates an error for clients: a GraphQLError whose `extensions` hold exactly
 * `code`, `category`, `retryable`, and optionally `retryAfterSeconds` and `upstreamCode`.
 */
export function subgraphError(code: CanonicalCode, options: SubgraphErrorOptions = {}): GraphQLError {
  const entry: ErrorCatalogEntry | undefined = ERROR_CATALOG[code];
  if (entry === undefined) throw new TypeError(`subgraphError: unknown code ${JSON.stringify(code)}`);
  const extensions: GraphQLErrorExtensions = {
    code,
    category: options.category ?? entry.category,
    retryable: options.retryable ?? entry.retryable,
  };
  const retryAfter = options.retryAfterSeconds;
  if (retryAfter !== undefined && Number.isFinite(retryAfter)) {
    extensions.retryAfterSeconds = Math.max(0, Math.ceil(retryAfter));
  }
  if (options.upstreamCode !== undefined && options.upstreamCode !== code) {
    extensions.upstreamCode = options.upstreamCode;
  }
  const error = new GraphQLError(options.message ?? entry.message, {
    ...(options.path ? { path: [...options.path] } : {}),
    extensions,
  });
  if (options.originalError) {
    Object.defineProperty(error, 'cause', {
      value: options.originalError,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return error;
}

/** A GraphQLError that carries the extensions contract (see {@link subgraphError}). */
export type SubgraphError = GraphQLError & {
  readonly extensions: GraphQLErrorExtensions & {
    code: CanonicalCode;
    category: ErrorCategory;
    retryable: boolean;
  };
};

/**
 * True for errors created by {@link subgraphError} (or shaped like them): a GraphQLError with a catalog
 * code, a category and a retryable flag.
 */
export function isSubgraphError(error: unknown): error is SubgraphError {
  if (!(error instanceof GraphQLError)) return false;
  const { code, category, retryable } = error.extensions ?? {};
  return (
    typeof code === 'string' &&
    Object.hasOwn(ERROR_CATALOG, code) &&
    typeof category === 'string' &&
    typeof retryable === 'boolean'
  );
}
