/**
 * The error catalog: every `extensions.code` this subgraph emits, as data. `docs/errors.md` is rendered
 * from it (`npm run docs:errors`); the constructor lives in subgraph-error.ts, the upstream normalizer in
 * normalize-upstream.ts.
 */

/**
 * Every category, in documentation order: the coarse class of an error, for clients and gateways that do
 * not want to know every code. It mirrors the HTTP status family a REST API would have used.
 */
export const ERROR_CATEGORIES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UPSTREAM',
  'INTERNAL',
] as const;

/** Coarse class of an error (see {@link ERROR_CATEGORIES}). */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** One row of {@link ERROR_CATALOG}. */
export interface ErrorCatalogEntry {
  /** Default category; a single error may override it (see `subgraphError`). */
  readonly category: ErrorCategory;
  /** Whether re-sending the same request unchanged, later, may succeed and is safe. */
  readonly retryable: boolean;
  /**
   * `upstream`: a Boomi code, recognized in upstream errors.
   * `subgraph`: ours; never recognized in upstream errors (an upstream `UNAUTHENTICATED` means our JWT was
   * rejected, which is not the client's fault).
   */
  readonly source: 'upstream' | 'subgraph';
  /** The client-facing message: generic, never upstream text, never ids. */
  readonly message: string;
  /** One line for the documentation. */
  readonly description: string;
  /** Other upstream names (the newer `SpaceErrorCode` spelling) that map to this code. */
  readonly upstreamAliases: readonly string[];
}

/**
 * The single source of truth for every `extensions.code` this subgraph emits.
 * Keys are the canonical codes: the help-page (legacy) spelling where one exists, otherwise the newer
 * `SpaceErrorCode` name, plus the codes the subgraph itself produces.
 * `docs/errors.md` is rendered from this table (`npm run docs:errors`).
 */
export const ERROR_CATALOG = {
  // ── Boomi codes documented on the Spaces help page (legacy names) ──────────────────────────────────
  MISSING_SPACE_NAME: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'A Space name is required.',
    description: 'The Space name is empty or absent.',
    upstreamAliases: ['MISSING_NAME'],
  },
  MISSING_ACCT_GRP_ID: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'An account group id is required.',
    description: 'The account group id is absent from the input.',
    upstreamAliases: [],
  },
  INVALID_SPACE_NAME: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The Space name contains characters that are not allowed.',
    description: 'The Space name contains disallowed characters (which ones is not documented upstream).',
    upstreamAliases: ['INVALID_NAME'],
  },
  SPACE_EXISTS_FOR_ACCT_GRP: {
    category: 'CONFLICT',
    retryable: false,
    source: 'upstream',
    message: 'A Space already exists for this account group.',
    description: 'Only one Space may exist per account group.',
    upstreamAliases: [],
  },
  MISSING_OP_USER_ID: {
    category: 'UNAUTHENTICATED',
    retryable: false,
    source: 'upstream',
    message: 'The calling user could not be determined.',
    description: 'The operator user id could not be derived from the credentials.',
    upstreamAliases: [],
  },
  MISSING_OP_ACCT_ID: {
    category: 'UNAUTHENTICATED',
    retryable: false,
    source: 'upstream',
    message: 'The calling account could not be determined.',
    description: 'The operator account id could not be derived from the credentials.',
    upstreamAliases: [],
  },
  UNSUPPORTED_SHARING_MODE: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The sharing mode is not supported.',
    description: 'Only the ACCOUNT_GROUP sharing mode is supported.',
    upstreamAliases: [],
  },
  MISSING_SPACE_ID: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'A Space id is required.',
    description: 'The Space id is absent from the input.',
    upstreamAliases: ['MISSING_ID'],
  },
  SPACE_NOT_FOUND: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'upstream',
    message: 'The Space was not found.',
    description: 'No Space exists for the given id (also a bad SPACE_GUID on space-scoped operations).',
    upstreamAliases: [],
  },
  GENERIC_SYSTEM_ERROR: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'upstream',
    message: 'The Spaces service failed unexpectedly. Try again later.',
    description: 'An unexpected technical error inside the Spaces service.',
    upstreamAliases: [],
  },
  SPACE_IS_DELETED: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'upstream',
    message: 'The Space has been deleted.',
    description: 'The Space exists but has been deleted.',
    upstreamAliases: [],
  },
  ACCOUNT_INPUT_MISSING_FIELDS: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The account query is missing required fields.',
    description: 'A required field of the Space accounts query input is missing.',
    upstreamAliases: [],
  },
  ACCOUNT_INPUT_INVALID_DATE: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'A date in the account query is invalid.',
    description: 'A date in the Space accounts query input is invalid.',
    upstreamAliases: [],
  },
  INVALID_AUTH_METHOD: {
    category: 'FORBIDDEN',
    retryable: false,
    source: 'upstream',
    message: 'This operation does not accept the authentication method used.',
    description: 'The request was authenticated in a way this operation does not accept.',
    upstreamAliases: [],
  },
  PLATFORM_CALL_ERROR: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'upstream',
    message: 'A Boomi platform call failed. Try again later.',
    description: 'A downstream Boomi Platform API call made by the Spaces service failed.',
    upstreamAliases: [],
  },
  UNAUTHORIZED: {
    category: 'FORBIDDEN',
    retryable: false,
    source: 'upstream',
    message: 'You are not allowed to access this resource.',
    description: 'The caller may not act on this Space or resource (e.g. a Space of another account).',
    upstreamAliases: [],
  },
  ARTIFACT_NOT_IN_SPACE: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'upstream',
    message: 'The artifact does not belong to this Space.',
    description: 'The referenced artifact (listing or integration pack) is not part of the Space.',
    upstreamAliases: [],
  },
  IPACK_INSTANCE_ID_INVALID: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The integration pack instance id is invalid.',
    description: 'The integration pack instance id is malformed or unknown.',
    upstreamAliases: [],
  },
  IPACK_NOT_FOUND_IN_SPACE: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'upstream',
    message: 'The integration pack is not shared with this Space.',
    description: 'The integration pack is not shared with the Space.',
    upstreamAliases: [],
  },
  SPACE_NAME_IS_LENGTHY: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The Space name is too long.',
    description: 'The Space name exceeds the maximum length.',
    upstreamAliases: ['NAME_IS_LENGTHY'],
  },
  SPACE_LOGO_UPLOAD_ERROR: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The logo could not be uploaded.',
    description: 'The uploaded logo was rejected (type, size, permission) or could not be stored.',
    upstreamAliases: ['LOGO_UPLOAD_ERROR'],
  },
  SPACE_LOGO_DELETE_ERROR: {
    category: 'UPSTREAM',
    retryable: false,
    source: 'upstream',
    message: 'The logo could not be removed.',
    description: 'Removing the stored logo failed; the Space may be partially updated.',
    upstreamAliases: ['LOGO_DELETE_ERROR'],
  },
  SPACE_LOGO_GET_ERROR: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'upstream',
    message: 'The logo could not be read. Try again later.',
    description: 'Reading the stored logo (or building its URL) failed.',
    upstreamAliases: ['LOGO_GET_ERROR'],
  },
  SPACE_THEME_DELETE_ERROR: {
    category: 'UPSTREAM',
    retryable: false,
    source: 'upstream',
    message: 'The Space theme could not be removed.',
    description: 'Removing the Space theme failed; the Space may be partially updated.',
    upstreamAliases: ['THEME_DELETE_ERROR'],
  },

  // ── Newer SpaceErrorCode names with no legacy twin ─────────────────────────────────────────────────
  BUNDLE_SERVICE_CALL_ERROR: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'upstream',
    message: 'A Boomi bundle service call failed. Try again later.',
    description: 'A call from the Spaces service to the Bundles service failed.',
    upstreamAliases: [],
  },
  MAX_SPACE_COUNT_REACHED: {
    category: 'CONFLICT',
    retryable: false,
    source: 'upstream',
    message: 'The account has reached its maximum number of Spaces.',
    description: 'The account reached its Space quota.',
    upstreamAliases: [],
  },
  BOOMI_PUBLIC_SPACE_CREATE_UNAUTHORIZED: {
    category: 'FORBIDDEN',
    retryable: false,
    source: 'upstream',
    message: 'You are not allowed to create a public Space.',
    description: 'The caller may not create a Boomi public Space.',
    upstreamAliases: [],
  },
  MISSING_BOOMI_PUBLIC_SPACE_CREATOR_ACCOUNT: {
    category: 'UPSTREAM',
    retryable: false,
    source: 'upstream',
    message: 'Public Spaces are not configured on the Spaces service.',
    description: 'The public-Space creator account is not configured upstream (a platform setup problem).',
    upstreamAliases: [],
  },
  BOOMI_PUBLIC_SPACE_CREATE_IPACK_IDS_NOT_ALLOWED: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'Integration pack ids are not allowed when creating a public Space.',
    description: '`integrationPackIds` must not be given for a public Space.',
    upstreamAliases: [],
  },
  BOOMI_PUBLIC_SPACE_CREATE_ACCT_IDS_NOT_ALLOWED: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'Account ids are not allowed when creating a public Space.',
    description: '`accountIds` must not be given for a public Space.',
    upstreamAliases: [],
  },
  INVALID_IMAGE_FILE_NAME: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'The image file name is not acceptable.',
    description: 'The uploaded image file name or extension is not acceptable.',
    upstreamAliases: [],
  },
  PUBLISHER_NOT_SET: {
    category: 'CONFLICT',
    retryable: false,
    source: 'upstream',
    message: 'No publisher is set for this Space.',
    description: 'Publisher information must be set on the Space before this operation.',
    upstreamAliases: [],
  },
  DISCOVER_PUBLIC_SPACE_DELETE_FORBIDDEN: {
    category: 'FORBIDDEN',
    retryable: false,
    source: 'upstream',
    message: 'This public Space cannot be deleted.',
    description: 'The public "Discover" Space cannot be deleted.',
    upstreamAliases: [],
  },
  INVALID_OR_PAST_DATE: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'upstream',
    message: 'A date is invalid or in the past.',
    description: 'A date input is invalid or lies in the past.',
    upstreamAliases: [],
  },
  ARTIFACT_DELETE_ERROR: {
    category: 'UPSTREAM',
    retryable: false,
    source: 'upstream',
    message: 'The artifact could not be deleted.',
    description: 'Deleting an artifact or listing failed upstream.',
    upstreamAliases: [],
  },

  // ── Codes produced by this subgraph ───────────────────────────────────────────────────────────────
  RATE_LIMITED: {
    category: 'RATE_LIMITED',
    retryable: true,
    source: 'subgraph',
    message: 'Too many requests to the Spaces service. Try again later.',
    description: 'Boomi answered 429, or our outbound limiter refused to queue the request.',
    upstreamAliases: [],
  },
  UPSTREAM_UNAVAILABLE: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'subgraph',
    message: 'The Spaces service is unavailable. Try again later.',
    description: 'Boomi could not be reached or answered 502/503/504, or the circuit breaker is open.',
    upstreamAliases: [],
  },
  UPSTREAM_TIMEOUT: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'subgraph',
    message: 'The Spaces service did not answer in time. Try again later.',
    description: 'A query did not get an answer before its deadline.',
    upstreamAliases: [],
  },
  UPSTREAM_AUTH_FAILED: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'subgraph',
    message: 'The subgraph could not authenticate to the Spaces service.',
    description:
      'No valid JWT could be obtained from the Boomi auth endpoint; retryable is false when the credentials were refused (401/403), true when the endpoint failed or timed out.',
    upstreamAliases: [],
  },
  UPSTREAM_BAD_RESPONSE: {
    category: 'UPSTREAM',
    retryable: true,
    source: 'subgraph',
    message: 'The Spaces service sent an invalid response.',
    description:
      'The answer was not a usable GraphQL response (malformed JSON, HTML error page, empty body).',
    upstreamAliases: [],
  },
  UPSTREAM_OUTCOME_UNKNOWN: {
    category: 'UPSTREAM',
    retryable: false,
    source: 'subgraph',
    message: 'The Spaces service failed while processing the change; it may or may not have been applied.',
    description:
      'A mutation hit a 5xx, a connection reset after sending, a timeout or a bad response; it was not retried. Read the state before retrying.',
    upstreamAliases: [],
  },
  BAD_REQUEST: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The request is malformed.',
    description:
      'The HTTP request to this subgraph could not be read (bad JSON, wrong content type, body too large).',
    upstreamAliases: [],
  },
  GRAPHQL_PARSE_FAILED: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The GraphQL document could not be parsed.',
    description: 'The operation sent to this subgraph is not valid GraphQL syntax.',
    upstreamAliases: [],
  },
  GRAPHQL_VALIDATION_FAILED: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The GraphQL document is not valid for this schema.',
    description: 'The operation sent to this subgraph fails validation against the published schema.',
    upstreamAliases: [],
  },
  BAD_USER_INPUT: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'An argument or variable value is invalid.',
    description: 'A variable or argument value could not be coerced to its declared type.',
    upstreamAliases: [],
  },
  UNAUTHENTICATED: {
    category: 'UNAUTHENTICATED',
    retryable: false,
    source: 'subgraph',
    message: 'The Spaces service rejected the credentials of the subgraph.',
    description:
      'Boomi answered 401 to a freshly minted JWT, again after one invalidate-mint-replay: the account or user behind the subgraph lost access. Not retryable until an operator fixes the credentials or permissions. With HTTP 401 and its own message, the caller failed inbound authentication (`INBOUND_AUTH`, `METRICS_TOKEN`; docs/security.md) and nothing ran.',
    upstreamAliases: [],
  },
  // many accounts (#12): the caller may not use the Boomi account it names (or would get)
  FORBIDDEN: {
    category: 'FORBIDDEN',
    retryable: false,
    source: 'subgraph',
    message: 'This caller may not use the requested Boomi account.',
    description:
      'HTTP 403 with `BOOMI_ACCOUNTS`: the account named by `ACCOUNT_CLAIM` / `ACCOUNT_HEADER` does not exist, the caller does not match its `allow` rules, or the request names none and there is no default. Refused before execution: nothing was sent upstream (docs/security.md).',
    upstreamAliases: [],
  },
  // inbound security (#9)
  CSRF_ERROR: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message:
      'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
      'Send the body as application/json, or add one of these headers: apollo-require-preflight, x-apollo-operation-name.',
    description:
      'HTTP 400: a GET, form, multipart or text/plain request (one a browser sends cross-site without a preflight) came without any of the `CSRF_REQUIRED_HEADERS`. Apollo Router answers the same code.',
    upstreamAliases: [],
  },
  // ── limits (#9): operation limits and the upstream cost budget, refused before execution ──────────
  OPERATION_TOO_DEEP: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The operation is nested too deeply.',
    description:
      'The selection depth exceeds `MAX_OPERATION_DEPTH` (graphql-armor max-depth); nothing was executed.',
    upstreamAliases: [],
  },
  TOO_MANY_ALIASES: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The operation uses too many aliases.',
    description:
      'The operation has more aliases than `MAX_OPERATION_ALIASES` (graphql-armor max-aliases); nothing was executed.',
    upstreamAliases: [],
  },
  TOO_MANY_TOKENS: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The GraphQL document is too long.',
    description:
      'The document has more lexical tokens than `MAX_OPERATION_TOKENS` (graphql-armor max-tokens); parsing stopped there.',
    upstreamAliases: [],
  },
  TOO_MANY_DIRECTIVES: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The operation uses too many directives.',
    description:
      'The operation has more directives than `MAX_OPERATION_DIRECTIVES` (graphql-armor max-directives); nothing was executed.',
    upstreamAliases: [],
  },
  OPERATION_TOO_COMPLEX: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The operation is too complex.',
    description:
      'The static cost of the selection exceeds `MAX_OPERATION_COST` (graphql-armor cost-limit); nothing was executed.',
    upstreamAliases: [],
  },
  OPERATION_TOO_EXPENSIVE: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The operation would cost too many requests to the Spaces service.',
    description:
      'The estimated number of Boomi requests (`extensions.estimatedUpstreamRequests`) exceeds `MAX_UPSTREAM_REQUESTS_PER_OPERATION`; nothing was sent upstream. Split the operation.',
    upstreamAliases: [],
  },
  // ── federation (#13) ──────────────────────────────────────────────────────────────────────────────
  ACCOUNT_GROUP_NOT_FOUND: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'subgraph',
    message: 'No Space visible to this subgraph is shared with the account group.',
    description:
      'An AccountGroup entity was asked for by id, but no Space our account can list belongs to that group (Boomi has no account-group lookup; we find groups through `spaces`).',
    upstreamAliases: [],
  },
  ENVIRONMENT_NOT_FOUND: {
    category: 'NOT_FOUND',
    retryable: false,
    source: 'subgraph',
    message: 'No Space visible to this subgraph lists the environment.',
    description:
      'An Environment entity was asked for by id, but the `environments` of no Space our account can list contain it (Boomi has no environment lookup).',
    upstreamAliases: [],
  },
  PERSISTED_QUERY_NOT_FOUND: {
    category: 'BAD_USER_INPUT',
    retryable: true,
    source: 'subgraph',
    message: 'The persisted query is not known here: send the query with its hash.',
    description:
      'Automatic persisted queries: a request carried only a hash this replica has not stored; send the query with its hash once (the Apollo APQ protocol, as Apollo Router does).',
    upstreamAliases: [],
  },
  PERSISTED_QUERY_HASH_MISMATCH: {
    category: 'BAD_USER_INPUT',
    retryable: false,
    source: 'subgraph',
    message: 'The persisted query hash does not match the query.',
    description:
      'Automatic persisted queries: the sha256Hash sent does not match the SHA-256 of the query text; the query is not run or stored.',
    upstreamAliases: [],
  },
  INTERNAL_SERVER_ERROR: {
    category: 'INTERNAL',
    retryable: false,
    source: 'subgraph',
    message: 'An unexpected error occurred.',
    description:
      'A bug in the subgraph, or (category UPSTREAM) an upstream error whose code we do not recognize; the details are logged server-side.',
    upstreamAliases: [],
  },
} as const satisfies Record<string, ErrorCatalogEntry>;

/** Every `extensions.code` this subgraph can emit. */
export type CanonicalCode = keyof typeof ERROR_CATALOG;

/** All canonical codes, in catalog order. */
export const CANONICAL_CODES = Object.keys(ERROR_CATALOG) as readonly CanonicalCode[];
