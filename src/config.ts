import { z } from 'zod';
import { checkAccountRouting, primaryAccount, resolveAccountsSetting } from './accounts/accounts-setting.ts';
import type { BoomiAccounts } from './accounts/boomi-account.ts';
import { BOOMI_REGIONS, type BoomiRegion, DEFAULT_BOOMI_ENDPOINTS } from './boomi-regions.ts';
import { DEFAULT_RESPONSE_CACHE_TTL_MS, parseTtlOverrides } from './cache/cache-ttls.ts';
import {
  JWT_ALGORITHMS,
  MIN_SECRET_LENGTH,
  resolveSecurity,
  type SecurityConfig,
} from './config/security.ts';
import { tracingRequested } from './observability/tracing-env.ts';
import { packagePath } from './package-paths.ts';
import { parseContractSettings } from './subgraph/federation-annotations.ts';
import { DEFAULT_ASSUMED_LIST_SIZE } from './subgraph/upstream-cost.ts';

export type { InboundAuthConfig, JwtAlgorithm, SecurityConfig } from './config/security.ts';

/**
 * Every setting of the service: ONE nested zod schema whose leaves each declare their environment variable
 * and default, once. {@link loadConfig} reads the variables into that shape, the schema validates and
 * fills in defaults, and {@link Config} is inferred from it. Adding a setting is one line in {@link SCHEMA}
 * (plus its row in the README's "Configuration" table). Modules receive these resolved values.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const ratio = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'expected a number between 0 and 1' })
  .transform(Number);

const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });

/** A comma-separated list, each item parsed by `item`. */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(item).min(1, { message: 'expected at least one item' }));
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'expected an HTTP header name' })
  .transform((v) => v.toLowerCase());
/** A shared secret or token: long enough that guessing it is hopeless. */
const secretText = z
  .string()
  .min(MIN_SECRET_LENGTH, { message: `expected at least ${MIN_SECRET_LENGTH} characters` });
const origin = z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, {
  message: 'expected origins like https://app.example.com',
});

/** A setting parsed by a function that throws a message naming the variable (the name is not repeated). */
function parsedBy<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^[A-Z_]+: /, '') });
      return z.NEVER;
    }
  });
}

/** Metadata of a leaf: the environment variable it is read from, and whether its value is a secret. */
interface EnvMeta {
  env: string;
  secret?: boolean;
}
const envRegistry = z.registry<EnvMeta>();

/** A setting read from `name`, `fallback` when the variable is absent or empty. */
function env<S extends z.ZodType<unknown, string>>(name: string, parser: S, fallback: z.output<S>) {
  const leaf = parser.optional().default(fallback as never);
  envRegistry.add(leaf, { env: name });
  return leaf;
}

/** A setting without a default (absent = off / decided from other settings). */
function optionalEnv<S extends z.ZodType<unknown, string>>(
  name: string,
  parser: S,
  meta: Partial<EnvMeta> = {},
) {
  const leaf = parser.optional();
  envRegistry.add(leaf, { env: name, ...meta });
  return leaf;
}

const SCHEMA = z.object({
  /** Default depends on the mode: 127.0.0.1 in sandbox mode, 0.0.0.0 in production. */
  host: optionalEnv('HOST', z.string().min(1)),
  port: env('PORT', int(0, 65535), 4000),
  logLevel: env('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  /** Default depends on the mode: on in sandbox mode, off in production. */
  graphiql: optionalEnv('GRAPHIQL', bool),
  boomi: z.object({
    accountId: optionalEnv('BOOMI_ACCOUNT_ID', z.string().min(1)),
    username: optionalEnv('BOOMI_USERNAME', z.string().min(1)),
    apiToken: optionalEnv('BOOMI_API_TOKEN', z.string().min(1), { secret: true }),
    /** Default: the BOOMI_REGION preset, else the documented endpoints (src/boomi-regions.ts). */
    graphqlUrl: optionalEnv('BOOMI_GRAPHQL_URL', httpUrl),
    authUrl: optionalEnv('BOOMI_AUTH_URL', httpUrl),
    region: optionalEnv(
      'BOOMI_REGION',
      z
        .string()
        .transform((v) => v.toLowerCase())
        .pipe(
          z.enum(Object.keys(BOOMI_REGIONS) as [BoomiRegion, ...BoomiRegion[]], {
            message: 'expected us or gb',
          }),
        ),
    ),
    /** Many accounts (#12): a JSON or YAML file listing them (src/accounts/accounts-file.ts); excludes the three above. */
    accountsFile: optionalEnv('BOOMI_ACCOUNTS', z.string().min(1)),
    /** Which get-by-id root field the upstream really has; published as `space` either way. */
    spaceQueryField: env('BOOMI_SPACE_QUERY_FIELD', z.enum(['space', 'Space']), 'space'),
  }),
  /** Which of the BOOMI_ACCOUNTS a request acts with (src/accounts/choose-account.ts); unset: the file's default. */
  accountRouting: z.object({
    /** A verified JWT claim naming the account (INBOUND_AUTH=jwt only). */
    claim: optionalEnv(
      'ACCOUNT_CLAIM',
      z.string().regex(/^[A-Za-z0-9_:./-]{1,128}$/, { message: 'expected a JWT claim name' }),
    ),
    /** A header naming the account, trusted only on requests inbound authentication verified. */
    header: optionalEnv('ACCOUNT_HEADER', headerName),
  }),
  upstreamSchema: z.object({
    source: env('UPSTREAM_SCHEMA', z.enum(['snapshot', 'introspect']), 'snapshot'),
    /** The packaged snapshot, whatever the working directory. */
    snapshotPath: env('UPSTREAM_SCHEMA_PATH', z.string().min(1), packagePath('schema/boomi-spaces.graphql')),
  }),
  jwt: z.object({
    refreshMarginSeconds: env('JWT_REFRESH_MARGIN_SECONDS', int(0, 3600), 60),
    defaultLifetimeSeconds: env('JWT_DEFAULT_LIFETIME_SECONDS', int(1, 86400), 300),
    mintTimeoutMs: env('JWT_MINT_TIMEOUT_MS', int(100, 120_000), 10_000),
    /** Mint attempts of a caller with no valid token; at a 50 % auth failure rate 1 - 0.5^8 = 99.6 % get one. */
    mintAttempts: env('JWT_MINT_ATTEMPTS', int(1, 20), 8),
    /** Re-mints after a 401 allowed per minute; beyond, UNAUTHENTICATED fast-fail until a probe succeeds. */
    remintMaxPerMinute: env('JWT_REMINT_MAX_PER_MINUTE', int(1, 1000), 6),
    /** While failing fast after 401s, one request per interval probes with a fresh JWT. */
    unauthorizedProbeMs: env('JWT_UNAUTHORIZED_PROBE_MS', int(10, 600_000), 5000),
  }),
  upstream: z.object({
    attemptTimeoutMs: env('UPSTREAM_ATTEMPT_TIMEOUT_MS', int(50, 300_000), 10_000),
    deadlineMs: env('UPSTREAM_DEADLINE_MS', int(50, 600_000), 30_000),
    maxConcurrency: env('UPSTREAM_MAX_CONCURRENCY', int(1, 1000), 4),
    requestsPerSecond: optionalEnv('UPSTREAM_RPS', int(1, 100_000)),
    queueLimit: env('UPSTREAM_QUEUE_LIMIT', int(0, 1_000_000), 1000),
    queueMaxWaitMs: env('UPSTREAM_QUEUE_MAX_WAIT_MS', int(0, 600_000), 10_000),
    retryMaxAttempts: env('RETRY_MAX_ATTEMPTS', int(1, 10), 4),
    retryBaseDelayMs: env('RETRY_BASE_DELAY_MS', int(1, 60_000), 100),
    retryMaxDelayMs: env('RETRY_MAX_DELAY_MS', int(1, 300_000), 2000),
    /** Finagle's defaults: retries ≤ 20 % of requests over the budget window (10 s), plus the floor. */
    retryBudgetRatio: env('RETRY_BUDGET_RATIO', ratio, 0.2),
    /** Retries always allowed per second (so a quiet service can still retry). */
    retryBudgetMinPerSecond: env('RETRY_BUDGET_MIN_PER_SECOND', int(0, 100_000), 10),
    breakerConsecutiveFailures: env('BREAKER_CONSECUTIVE_FAILURES', int(1, 1000), 5),
    /** Above 0.5 on purpose: an upstream failing half its answers is what retries absorb (docs/resilience.md). */
    breakerFailureRatio: env('BREAKER_FAILURE_RATIO', ratio, 0.8),
    breakerOpenMs: env('BREAKER_OPEN_MS', int(10, 600_000), 5000),
    keepAliveConnections: env('UPSTREAM_KEEPALIVE_CONNECTIONS', int(1, 1000), 32),
    /** Longest shared dispatch pause a Retry-After may impose (longer ones fail only their own request). */
    maxPauseMs: env('UPSTREAM_MAX_PAUSE_MS', int(0, 600_000), 2000),
    /** Refuse at once requests whose expected queue wait exceeds what they may wait. */
    shedding: env('UPSTREAM_SHEDDING', bool, true),
    /** Largest upstream response body read (streamed, chunked included). */
    maxResponseBytes: env('UPSTREAM_MAX_RESPONSE_BYTES', int(1024, 1024 * 1024 * 1024), 16 * 1024 * 1024),
  }),
  uploads: z.object({
    maxLogoBytes: env('MAX_LOGO_BYTES', int(1, 10 * 1024 * 1024), 262_144),
    maxRequestBytes: env('MAX_REQUEST_BYTES', int(1024, 100 * 1024 * 1024), 1024 * 1024),
  }),
  subgraph: z.object({
    typePrefix: env(
      'TYPE_PREFIX',
      z.string().regex(/^([A-Z][A-Za-z0-9]*)?$/, { message: 'expected a PascalCase prefix such as Boomi' }),
      '',
    ),
    readOnly: env('READ_ONLY', bool, false),
    entityMaxBatchSize: env('ENTITY_MAX_BATCH_SIZE', int(1, 1000), 100),
  }),
  /** The inbound HTTP server: slowloris timeouts and the drain on SIGTERM (docs/resilience.md). */
  http: z.object({
    headersTimeoutMs: env('HTTP_HEADERS_TIMEOUT_MS', int(10, 600_000), 10_000),
    requestTimeoutMs: env('HTTP_REQUEST_TIMEOUT_MS', int(10, 3_600_000), 30_000),
    /** Above the 60 s idle timeout of common load balancers, so they close first. */
    keepAliveTimeoutMs: env('HTTP_KEEPALIVE_TIMEOUT_MS', int(10, 3_600_000), 65_000),
    /** Time requests in flight get to finish after SIGTERM; as long as the default upstream deadline. */
    shutdownGraceMs: env('SHUTDOWN_GRACE_MS', int(0, 600_000), 30_000),
  }),
  /** Upstream requests saved: in-flight sharing and the response cache (docs/performance.md). */
  perf: z.object({
    /** Merge identical upstream queries in flight into one call (src/upstream/dedup-layer.ts). */
    dedup: env('UPSTREAM_DEDUP', bool, true),
    /** Execute identical client queries in flight (same caller scope) once (src/plugins/use-operation-sharing.ts). */
    operationSharing: env('OPERATION_SHARING', bool, true),
    /** While every upstream slot is busy, merge queued queries into one request (src/upstream/coalesce-layer.ts). */
    coalesce: env('UPSTREAM_COALESCE', bool, true),
    /** Send queries of unchanged upstream fields upstream as they are, without delegation (src/plugins/use-pass-through.ts). */
    passThrough: env('UPSTREAM_PASS_THROUGH', bool, true),
    responseCache: z.object({
      enabled: env('RESPONSE_CACHE', bool, false),
      /** TTL of a response no type or field sets. */
      ttlMs: env('RESPONSE_CACHE_TTL_MS', int(0, 86_400_000), DEFAULT_RESPONSE_CACHE_TTL_MS),
      /** Overrides per type (`Space`) or schema coordinate (`Query.spaces`), milliseconds. */
      ttls: env('RESPONSE_CACHE_TTLS', parsedBy(parseTtlOverrides), {}),
      /** Entries of the in-process LRU (when no Redis). */
      maxEntries: env('RESPONSE_CACHE_MAX_ENTRIES', int(1, 10_000_000), 1000),
    }),
  }),
  /** Shared state for replicas (may carry a password: a secret); unset: in-process stores. */
  redisUrl: optionalEnv(
    'REDIS_URL',
    z.url({ protocol: /^rediss?$/, message: 'expected a redis:// or rediss:// URL' }),
    { secret: true },
  ),
  /** Operation limits (graphql-armor's defaults) and the upstream cost budget, checked before execution. */
  limits: z.object({
    maxDepth: env('MAX_OPERATION_DEPTH', int(1, 100), 6),
    maxAliases: env('MAX_OPERATION_ALIASES', int(0, 10_000), 15),
    /** Capped so that the parser's recursion stays far from the stack limit whatever is configured. */
    maxTokens: env('MAX_OPERATION_TOKENS', int(10, 20_000), 1000),
    maxDirectives: env('MAX_OPERATION_DIRECTIVES', int(0, 10_000), 50),
    maxCost: env('MAX_OPERATION_COST', int(1, 10_000_000), 5000),
    /** Most Boomi requests one client operation may be estimated to cause (src/subgraph/upstream-cost.ts). */
    maxUpstreamRequests: env('MAX_UPSTREAM_REQUESTS_PER_OPERATION', int(1, 100_000), 50),
    /**
     * Items assumed in an upstream list of unknown length (`spaces`) when estimating upstream
     * requests; also published as `@listSize(assumedSize:)` (one cost model, docs/federation.md).
     */
    assumedListSize: env('UPSTREAM_COST_LIST_SIZE', int(1, 100_000), DEFAULT_ASSUMED_LIST_SIZE),
    /** Largest PNG/JPEG logo, in pixels (width × height) read from its header: 4096 × 4096. */
    maxLogoPixels: env('MAX_LOGO_PIXELS', int(1, 1_000_000_000), 16_777_216),
    /** Estimated bytes Yoga's parsed-document cache (and its parse-error cache) may hold, each. */
    parserCacheMaxBytes: env('PARSER_CACHE_MAX_BYTES', int(1, 1_073_741_824), 8_388_608),
  }),
  /** Logs, metrics and readiness (docs/operations.md); tracing is read from the standard OTEL_* variables. */
  observability: z.object({
    /** Share of successful requests that get an access-log line (failures always do). */
    accessLogSampleRate: env('ACCESS_LOG_SAMPLE_RATE', ratio, 1),
    /** Exit at start-up when Boomi refuses the credentials, instead of warning. */
    strictStartup: env('STRICT_STARTUP', bool, false),
    /** Distinct operation names with their own metric label value; later ones are `__other`. */
    maxOperationNames: env('METRICS_MAX_OPERATION_NAMES', int(0, 10_000), 100),
    readiness: z.object({
      intervalMs: env('READINESS_INTERVAL_MS', int(100, 600_000), 5_000),
      maxBackoffMs: env('READINESS_MAX_BACKOFF_MS', int(100, 3_600_000), 60_000),
      failureThreshold: env('READINESS_FAILURE_THRESHOLD', int(1, 100), 2),
      successThreshold: env('READINESS_SUCCESS_THRESHOLD', int(1, 100), 2),
    }),
  }),
  /** What the published SDL carries for gateways (docs/federation.md). */
  federation: z.object({
    /** Contract `@tag`s, `coordinate=tag` pairs, comma-separated (published names). */
    tags: env(
      'FEDERATION_TAGS',
      parsedBy((text) => parseContractSettings(text, undefined).tags ?? []),
      [] as { coordinate: string; tag: string }[],
    ),
    /** Coordinates published `@inaccessible`, comma-separated. */
    inaccessible: env(
      'FEDERATION_INACCESSIBLE',
      parsedBy((text) => parseContractSettings(undefined, text).inaccessible ?? []),
      [] as string[],
    ),
    /** Publish `@authenticated`/`@requiresScopes` (off: @apollo/gateway refuses supergraphs with them). */
    authorizationDirectives: env('FEDERATION_AUTHORIZATION_DIRECTIVES', bool, false),
    /** Automatic persisted queries this replica keeps (LRU); 0 turns APQ off. */
    apqMaxEntries: env('APQ_MAX_ENTRIES', int(0, 1_000_000), 1000),
  }),
  /** Replica coordination through REDIS_URL (#12, src/shared-state/). */
  sharedState: z.object({
    /** Longest wait for one Redis command; slower counts as Redis unavailable (local fallback). */
    commandTimeoutMs: env('REDIS_COMMAND_TIMEOUT_MS', int(10, 10_000), 250),
    /** Replicas sharing one Boomi account: while Redis is down, each takes 1/N of the account's budget. */
    replicasExpected: env('REPLICAS_EXPECTED', int(1, 1000), 1),
  }),
  sandbox: z.object({
    jwtLifetimeSeconds: env('SANDBOX_JWT_LIFETIME_SECONDS', int(1, 86400), 300),
  }),
  /** The front door (docs/security.md); resolved by config/security.ts into {@link SecurityConfig}. */
  security: z.object({
    nodeEnv: optionalEnv('NODE_ENV', z.string().min(1)),
    sandbox: optionalEnv('SANDBOX', bool),
    /** Required when hardened (Boomi credentials or NODE_ENV=production); `none` otherwise. */
    inboundAuth: optionalEnv(
      'INBOUND_AUTH',
      z.enum(['hmac', 'jwt', 'shared-secret', 'none'], {
        message: 'expected hmac, jwt, shared-secret or none',
      }),
    ),
    sharedSecret: optionalEnv('INBOUND_SHARED_SECRET', secretText, { secret: true }),
    sharedSecretFile: optionalEnv('INBOUND_SHARED_SECRET_FILE', z.string().min(1)),
    sharedSecretHeader: env('INBOUND_SHARED_SECRET_HEADER', headerName, 'x-gateway-secret'),
    hmacSecret: optionalEnv('INBOUND_HMAC_SECRET', secretText, { secret: true }),
    hmacSecretFile: optionalEnv('INBOUND_HMAC_SECRET_FILE', z.string().min(1)),
    hmacExtension: env(
      'INBOUND_HMAC_EXTENSION',
      z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'expected a name like hmac-signature' }),
      'hmac-signature',
    ),
    jwtJwksUrl: optionalEnv('INBOUND_JWT_JWKS_URL', httpUrl),
    jwtPublicKey: optionalEnv('INBOUND_JWT_PUBLIC_KEY', z.string().min(1)),
    jwtPublicKeyFile: optionalEnv('INBOUND_JWT_PUBLIC_KEY_FILE', z.string().min(1)),
    jwtAlgorithms: env(
      'INBOUND_JWT_ALGORITHMS',
      list(z.enum(JWT_ALGORITHMS, { message: `expected some of ${JWT_ALGORITHMS.join(', ')}` })),
      ['RS256'],
    ),
    jwtIssuer: optionalEnv('INBOUND_JWT_ISSUER', z.string().min(1)),
    jwtAudience: optionalEnv('INBOUND_JWT_AUDIENCE', list(z.string().min(1))),
    jwtClockToleranceSeconds: env('INBOUND_JWT_CLOCK_TOLERANCE_SECONDS', int(0, 600), 30),
    /** jose's own default: an unknown `kid` re-fetches the JWKS at most this often. */
    jwtJwksCooldownMs: env('INBOUND_JWT_JWKS_COOLDOWN_MS', int(0, 3_600_000), 30_000),
    corsOrigins: env('CORS_ORIGINS', list(origin), []),
    /** Apollo Router's default CSRF headers. */
    csrfRequiredHeaders: env('CSRF_REQUIRED_HEADERS', list(headerName), [
      'apollo-require-preflight',
      'x-apollo-operation-name',
    ]),
    /** Default: on in the sandbox, off when hardened. */
    introspection: optionalEnv('INTROSPECTION', bool),
    metricsToken: optionalEnv('METRICS_TOKEN', secretText, { secret: true }),
    metricsPort: optionalEnv('METRICS_PORT', int(0, 65535)),
  }),
});

type Parsed = z.output<typeof SCHEMA>;

/** The resolved configuration (inferred from the schema; mode-dependent settings filled in). */
export type Config = Omit<Parsed, 'host' | 'graphiql' | 'boomi' | 'security' | 'observability'> & {
  security: SecurityConfig;
  /** The accounts of BOOMI_ACCOUNTS, resolved; undefined in single-account mode (see accounts-of.ts). */
  accounts: BoomiAccounts | undefined;
  /** `tracing`: OpenTelemetry is on (an OTLP endpoint or `OTEL_TRACES_EXPORTER=otlp`; tracing-env.ts). */
  observability: Parsed['observability'] & { tracing: boolean };
  /** `sandbox`: no Boomi credentials, the embedded simulator is started. `production`: real Boomi. */
  mode: 'sandbox' | 'production';
  host: string;
  graphiql: boolean;
  /** With BOOMI_ACCOUNTS, the credentials are those of the default (else first) account. */
  boomi: Omit<Parsed['boomi'], 'accountId' | 'username' | 'apiToken' | 'graphqlUrl' | 'authUrl'> & {
    graphqlUrl: string;
    authUrl: string;
    accountId: string;
    username: string;
    apiToken: string;
  };
};

/** Thrown for an invalid environment; the message names each bad variable and never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface Leaf {
  path: string[];
  meta: EnvMeta;
}

/** Every leaf of the schema with its variable, found by walking the nested objects once. */
function leaves(schema: z.ZodObject, path: string[] = []): Leaf[] {
  return Object.entries(schema.shape).flatMap(([key, child]) => {
    if (child instanceof z.ZodObject) return leaves(child, [...path, key]);
    const meta = envRegistry.get(child as z.ZodType);
    if (!meta) throw new TypeError(`config schema: ${[...path, key].join('.')} declares no variable`);
    return [{ path: [...path, key], meta }];
  });
}
const LEAVES = leaves(SCHEMA);
const LEAF_BY_PATH = new Map(LEAVES.map((leaf) => [leaf.path.join('.'), leaf]));

/** The variables as the schema's nested input; absent or blank variables are left out (→ default). */
function nestedInput(env: Record<string, string | undefined>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const { path, meta } of LEAVES) {
    let node = input;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const raw = env[meta.env];
    if (raw !== undefined && raw.trim() !== '') node[path.at(-1)!] = raw.trim();
  }
  return input;
}

/** The defaults of every setting, from the schema (for modules and docs that need one). */
export const CONFIG_DEFAULTS: Readonly<Parsed> = SCHEMA.parse(nestedInput({}));

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  // A list setting reports the index of its bad item: the leaf is the longest prefix of the path.
  const keys = issue.path.map(String);
  let leaf: Leaf | undefined;
  for (let n = keys.length; n > 0 && !leaf; n--) leaf = LEAF_BY_PATH.get(keys.slice(0, n).join('.'));
  if (!leaf) return `${issue.path.join('.')}: ${issue.message}`;
  const raw = env[leaf.meta.env];
  const shown = leaf.meta.secret ? '(value hidden)' : JSON.stringify(raw);
  return `${leaf.meta.env}: ${issue.message} (received ${shown})`;
}

/** Rules that involve more than one variable. */
function crossChecks(parsed: Parsed, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const credentialNames = ['BOOMI_ACCOUNT_ID', 'BOOMI_USERNAME', 'BOOMI_API_TOKEN'] as const;
  const present = credentialNames.filter((n) => env[n] !== undefined && env[n]?.trim() !== '');
  if (present.length > 0 && present.length < credentialNames.length) {
    const missing = credentialNames.filter((n) => !present.includes(n));
    problems.push(
      `${missing.join(', ')}: required when ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set ` +
        '(set all three Boomi credentials for production mode, or none for sandbox mode)',
    );
  }
  const { attemptTimeoutMs, deadlineMs, retryBaseDelayMs, retryMaxDelayMs } = parsed.upstream;
  if (attemptTimeoutMs > deadlineMs) {
    problems.push(
      `UPSTREAM_ATTEMPT_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS (received ${attemptTimeoutMs} > ${deadlineMs})`,
    );
  }
  const { headersTimeoutMs, requestTimeoutMs } = parsed.http;
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (received ${headersTimeoutMs} > ${requestTimeoutMs})`,
    );
  }
  if (retryBaseDelayMs > retryMaxDelayMs) {
    problems.push(
      `RETRY_BASE_DELAY_MS: must not exceed RETRY_MAX_DELAY_MS (received ${retryBaseDelayMs} > ${retryMaxDelayMs})`,
    );
  }
  return problems;
}

/**
 * Reads and validates the configuration. Throws {@link ConfigError} naming every bad variable
 * (and the value received, unless the variable holds a secret).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = SCHEMA.safeParse(nestedInput(env));
  if (!result.success) {
    // One line per variable: its first problem.
    const seen = new Set<string>();
    const problems = result.error.issues.filter((issue) => {
      const key = issue.path.join('.');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    throw new ConfigError(
      `Invalid configuration:\n  - ${problems.map((i) => describeIssue(i, env)).join('\n  - ')}`,
    );
  }
  const parsed = result.data;
  const problems = crossChecks(parsed, env);
  const regionEndpoints = parsed.boomi.region ? BOOMI_REGIONS[parsed.boomi.region] : DEFAULT_BOOMI_ENDPOINTS;
  const endpoints = {
    // An explicit URL wins over the BOOMI_REGION preset, which wins over the documented default.
    graphqlUrl: parsed.boomi.graphqlUrl ?? regionEndpoints.graphqlUrl,
    authUrl: parsed.boomi.authUrl ?? regionEndpoints.authUrl,
  };
  const accounts = resolveAccountsSetting(parsed, env, endpoints, problems);
  const primary = accounts && primaryAccount(accounts);
  const { accountId, username, apiToken } = primary ?? parsed.boomi;
  const mode = (accountId && username && apiToken) || parsed.boomi.accountsFile ? 'production' : 'sandbox';
  const security = resolveSecurity(parsed.security, mode === 'production', problems);
  if (security && parsed.boomi.accountsFile) {
    checkAccountRouting(parsed.accountRouting, security.inboundAuth.method, problems);
  }
  if (problems.length > 0 || !security) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    accounts,
    ...parsed,
    security,
    observability: { ...parsed.observability, tracing: tracingRequested(env) },
    mode,
    host: parsed.host ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    graphiql: parsed.graphiql ?? mode === 'sandbox',
    boomi: {
      ...parsed.boomi,
      ...(primary ? { graphqlUrl: primary.graphqlUrl, authUrl: primary.authUrl } : endpoints),
      accountId: accountId ?? '',
      username: username ?? '',
      apiToken: apiToken ?? '',
    },
  };
}

/** Every variable the configuration reads (for docs and tests). */
export const CONFIG_VARIABLES: readonly string[] = LEAVES.map((leaf) => leaf.meta.env);
