/**
 * Public types of the Boomi platform simulator (see docs/architecture.md, "Simulator").
 * Kept in one file so that the entry point, the tests and the other modules share one definition.
 */

/** Where a domain error code is placed in a GraphQL error object. */
export type ErrorStyle =
  /** `{"message":"SPACE_NOT_FOUND","path":[..],"extensions":{"code":"SPACE_NOT_FOUND"}}` */
  | 'extensions-code'
  /** `{"message":"SPACE_NOT_FOUND: No Space exists for id …","path":[..],"extensions":{}}` */
  | 'message-prefix'
  /** `{"message":"No Space exists for id …","path":[..],"extensions":{"errorCode":"SPACE_NOT_FOUND"}}` */
  | 'extensions-error-code'
  /** `{"message":"Downstream Execution Error: SPACE_NOT_FOUND: No Space …","path":[..],"extensions":{}}` */
  | 'downstream-wrapped';

/** Every error style, in documentation order. */
export const ERROR_STYLES: readonly ErrorStyle[] = [
  'extensions-code',
  'message-prefix',
  'extensions-error-code',
  'downstream-wrapped',
];

/** Fault injection settings; every probability is per request and in 0..1. */
export interface FaultConfig {
  /** Milliseconds added before answering /graphql (abortable by a client disconnect). */
  latencyMs?: number;
  /** Uniform extra 0..latencyJitterMs milliseconds on top of latencyMs. */
  latencyJitterMs?: number;
  /** Probability of an HTTP 429 (operation not executed). */
  rate429?: number;
  /** Probability of an HTTP 500 with the documented "Server Error" body (operation not executed). */
  rate500?: number;
  /** Probability of an HTTP 502 JSON error (operation not executed). */
  rate502?: number;
  /** Probability of an HTTP 503 JSON error (operation not executed). */
  rate503?: number;
  /** Probability that the operation runs, then headers and half the body are written and the socket is destroyed. */
  resetRate?: number;
  /** Probability that the operation runs, then a 200 with a truncated JSON body is sent. */
  malformedJsonRate?: number;
  /** Probability of a 502 with an HTML error page (text/html; operation not executed). */
  htmlErrorRate?: number;
  /** Probability that the operation runs, then a 200 with an empty body is sent. */
  emptyBodyRate?: number;
  /** Probability that a root resolver throws an unexpected exception (→ GENERIC_SYSTEM_ERROR). Addition. */
  resolverExceptionRate?: number;
  /** When true the logo/theme store fails: uploads, logo reads and deletes raise the SPACE_LOGO_* / SPACE_THEME_DELETE_ERROR codes. Addition. */
  themeStoreDown?: boolean;
  /** Only requests containing one of these root fields are faulted; default all. */
  operations?: string[];
  /** The auth endpoint answers 503. */
  authDown?: boolean;
  /** Probability that the auth endpoint answers 503. */
  authFailRate?: number;
  /** Milliseconds added before the auth endpoint answers. */
  authLatencyMs?: number;
  /** PRNG seed for the probabilities (deterministic runs); default 1. */
  seed?: number;
}

/** A platform user that can mint JWTs. */
export interface SimulatorUser {
  /** Login name; Basic auth user name is `BOOMI_TOKEN.<username>` with the API token. */
  username: string;
  /** Platform API token (Basic auth password when the user name is `BOOMI_TOKEN.<username>`). */
  apiToken: string;
  /** Optional plain password (Basic auth `<username>:<password>`). */
  password?: string;
  /** Stable user id, put in the JWT `userId` claim. */
  userId: string;
  /** Accounts this user may mint a JWT for (others → 403). */
  accountIds: string[];
}

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 = ephemeral. @default 4100 */
  port?: number;
  /** >= 1. @default 300 */
  jwtLifetimeSeconds?: number;
  /** `json` = `{"token":"..."}` (application/json); `text` = the bare token (text/plain). @default 'text' */
  jwtBodyFormat?: 'text' | 'json';
  /** HS256 secret of the minted JWTs (tests may sign their own tokens). Addition. @default random per instance */
  jwtSecret?: string;
  /** @default 'extensions-code' */
  errorStyle?: ErrorStyle;
  /** `legacy` = help-page codes (MISSING_SPACE_NAME); `current` = SpaceErrorCode names (MISSING_NAME). @default 'legacy' */
  errorCodeNaming?: 'legacy' | 'current';
  /** HTTP status of responses that carry domain errors. @default 200 */
  errorHttpStatus?: 200 | 400 | 500;
  /**
   * Response keys in error paths: `alias` (as graphql-js does) or `field-name` (the field's name
   * instead of the alias the client chose, as some servers do). Addition. @default 'alias'
   */
  errorPaths?: 'alias' | 'field-name';
  /** Which get-by-id root fields exist (also in introspection). @default ['space', 'Space'] */
  spaceQueryFields?: Array<'space' | 'Space'>;
  /** @default 100 */
  maxSpaceNameLength?: number;
  /** Live Spaces an account may own; more → MAX_SPACE_COUNT_REACHED. Addition. @default unlimited */
  maxSpacesPerAccount?: number;
  rateLimit?: {
    /** Concurrently running /graphql requests per account. @default 10 */
    maxConcurrentPerAccount?: number;
    /** Per account, sliding 1 s window. @default undefined (off) */
    requestsPerSecond?: number;
    /** Send Retry-After (seconds) on 429. @default true */
    retryAfter?: boolean;
    /**
     * Status of a throttled answer: 429, or 503 as Boomi's Platform API documents above its rate limit
     * (Retry-After follows `retryAfter` either way). @default 429
     */
    status?: 429 | 503;
  };
  /** Initial fault configuration. @default {} */
  faults?: FaultConfig;
  /** Request body limit in bytes, for JSON and multipart alike. @default 1 MiB (JSON) / 2 MiB (multipart) */
  maxBodyBytes?: number;
  /** @default SEED_USERS */
  users?: SimulatorUser[];
}

/** One applied mutation, as recorded in {@link SimulatorStats.mutations}. */
export interface MutationLogEntry {
  /** 1, 2, 3... per simulator instance (restarts at 1 after reset). */
  seq: number;
  /** ISO-8601 time the mutation was applied. */
  at: string;
  /** Root field name. */
  operation: string;
  accountId: string;
  spaceGuid?: string;
  /** Field arguments; uploads are summarised and secrets redacted. */
  args: unknown;
}

/** Counters of one simulator instance (also `GET /__sim/stats`). */
export interface SimulatorStats {
  graphqlRequests: number;
  requestsByOperation: Record<string, number>;
  jwtMints: number;
  /** JWTs issued per account id (accounts are the seed's or configured ones: bounded). */
  jwtMintsByAccount: Record<string, number>;
  authFailures: number;
  unauthorized: number;
  rateLimited: number;
  faultsInjected: Record<string, number>;
  clientAborts: number;
  maxInFlight: number;
  /** Per account: the most authenticated `/graphql` requests handled at once (admitted or not). */
  maxInFlightByAccount: Record<string, number>;
  mutations: MutationLogEntry[];
  /** Trace context and request ids received on /graphql (W3C `traceparent`/`tracestate`, `x-request-id`). */
  tracing: TracingStats;
}

/** What the simulator saw of the caller's trace propagation; the lists keep the latest 100 values. */
export interface TracingStats {
  /** /graphql requests that carried a `traceparent` header. */
  requestsWithTraceparent: number;
  traceparents: string[];
  tracestates: string[];
  requestIds: string[];
}

/** A started simulator. */
export interface RunningSimulator {
  /** `http://<host>:<port>` */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** `${url}/auth/jwt/generate` (append `/<accountId>`). */
  authUrl: string;
  port: number;
  /** Replaces the fault config (throws on invalid values). */
  setFaults(faults: FaultConfig): void;
  stats(): SimulatorStats;
  /** Seed state, clears stats and faults. */
  reset(): void;
  /** Closes the listener and every open socket. */
  close(): Promise<void>;
}
