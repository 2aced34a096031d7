import { z } from 'zod';
import { parseContractSettings } from './subgraph/federation-annotations.ts';

/**
 * Every setting of the service, read from environment variables by {@link loadConfig}.
 * The README's "Configuration" table lists the same variables; keep them in step.
 */
export interface Config {
  /** `sandbox`: no Boomi credentials, the embedded simulator is started. `production`: real Boomi. */
  mode: 'sandbox' | 'production';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphiql: boolean;
  boomi: {
    accountId: string;
    username: string;
    apiToken: string;
    graphqlUrl: string;
    authUrl: string;
    /** Which get-by-id root field the upstream really has; published as `space` either way. */
    spaceQueryField: 'space' | 'Space';
  };
  upstreamSchema: {
    source: 'snapshot' | 'introspect';
    snapshotPath: string;
  };
  jwt: {
    refreshMarginSeconds: number;
    defaultLifetimeSeconds: number;
    mintTimeoutMs: number;
    /** Mint attempts of a caller that has no valid token (retryable failures only, within its deadline). */
    mintAttempts: number;
  };
  upstream: {
    attemptTimeoutMs: number;
    deadlineMs: number;
    maxConcurrency: number;
    requestsPerSecond: number | undefined;
    queueLimit: number;
    queueMaxWaitMs: number;
    retryMaxAttempts: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    /** Retries allowed per upstream request over the budget window (10 s), on top of the floor. */
    retryBudgetRatio: number;
    /** Retries always allowed per second (so a quiet service can still retry). */
    retryBudgetMinPerSecond: number;
    breakerConsecutiveFailures: number;
    breakerFailureRatio: number;
    breakerOpenMs: number;
    keepAliveConnections: number;
  };
  uploads: {
    maxLogoBytes: number;
    maxRequestBytes: number;
  };
  subgraph: {
    typePrefix: string;
    readOnly: boolean;
    entityMaxBatchSize: number;
  };
  sandbox: {
    jwtLifetimeSeconds: number;
  };
  // federation (#13)
  federation: {
    /** Contract `@tag`s, `coordinate=tag` pairs, comma-separated (published names). */
    tags: readonly { coordinate: string; tag: string }[];
    /** Coordinates published `@inaccessible`. */
    inaccessible: readonly string[];
    /** Publish `@authenticated`/`@requiresScopes`. */
    authorizationDirectives: boolean;
    /** Automatic persisted queries this replica keeps (LRU); 0 turns APQ off. */
    apqMaxEntries: number;
  };
}

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

/** Environment variables we read: name → parser. Absent or empty means "use the default". */
const ENV = {
  HOST: z.string().min(1),
  PORT: int(0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  GRAPHIQL: bool,
  BOOMI_ACCOUNT_ID: z.string().min(1),
  BOOMI_USERNAME: z.string().min(1),
  BOOMI_API_TOKEN: z.string().min(1),
  BOOMI_GRAPHQL_URL: httpUrl,
  BOOMI_AUTH_URL: httpUrl,
  BOOMI_SPACE_QUERY_FIELD: z.enum(['space', 'Space']),
  UPSTREAM_SCHEMA: z.enum(['snapshot', 'introspect']),
  UPSTREAM_SCHEMA_PATH: z.string().min(1),
  JWT_REFRESH_MARGIN_SECONDS: int(0, 3600),
  JWT_DEFAULT_LIFETIME_SECONDS: int(1, 86400),
  JWT_MINT_TIMEOUT_MS: int(100, 120_000),
  JWT_MINT_ATTEMPTS: int(1, 20),
  UPSTREAM_ATTEMPT_TIMEOUT_MS: int(50, 300_000),
  UPSTREAM_DEADLINE_MS: int(50, 600_000),
  UPSTREAM_MAX_CONCURRENCY: int(1, 1000),
  UPSTREAM_RPS: int(1, 100_000),
  UPSTREAM_QUEUE_LIMIT: int(0, 1_000_000),
  UPSTREAM_QUEUE_MAX_WAIT_MS: int(0, 600_000),
  RETRY_MAX_ATTEMPTS: int(1, 10),
  RETRY_BASE_DELAY_MS: int(1, 60_000),
  RETRY_MAX_DELAY_MS: int(1, 300_000),
  RETRY_BUDGET_RATIO: ratio,
  RETRY_BUDGET_MIN_PER_SECOND: int(0, 100_000),
  BREAKER_CONSECUTIVE_FAILURES: int(1, 1000),
  BREAKER_FAILURE_RATIO: ratio,
  BREAKER_OPEN_MS: int(10, 600_000),
  UPSTREAM_KEEPALIVE_CONNECTIONS: int(1, 1000),
  MAX_LOGO_BYTES: int(1, 10 * 1024 * 1024),
  MAX_REQUEST_BYTES: int(1024, 100 * 1024 * 1024),
  TYPE_PREFIX: z
    .string()
    .regex(/^([A-Z][A-Za-z0-9]*)?$/, { message: 'expected a PascalCase prefix such as Boomi' }),
  READ_ONLY: bool,
  ENTITY_MAX_BATCH_SIZE: int(1, 1000),
  SANDBOX_JWT_LIFETIME_SECONDS: int(1, 86400),
  // federation (#13)
  FEDERATION_TAGS: z.string(),
  FEDERATION_INACCESSIBLE: z.string(),
  FEDERATION_AUTHORIZATION_DIRECTIVES: bool,
  APQ_MAX_ENTRIES: int(0, 1_000_000),
} as const;

type EnvName = keyof typeof ENV;
type Parsed = { [K in EnvName]?: z.output<(typeof ENV)[K]> };

/** Names of the variables that hold secrets: their values never appear in a message. */
const SECRET_VARIABLES: ReadonlySet<EnvName> = new Set(['BOOMI_API_TOKEN']);

/** Thrown for an invalid environment; the message names each bad variable and never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration. Throws {@link ConfigError} naming every bad variable
 * (and the value received, unless the variable holds a secret).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed: Parsed = {};
  const problems: string[] = [];
  for (const name of Object.keys(ENV) as EnvName[]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const result = ENV[name].safeParse(raw.trim());
    if (result.success) {
      (parsed as Record<string, unknown>)[name] = result.data;
    } else {
      const shown = SECRET_VARIABLES.has(name) ? '(value hidden)' : JSON.stringify(raw);
      problems.push(`${name}: ${result.error.issues[0]?.message ?? 'invalid'} (received ${shown})`);
    }
  }

  const credentialNames = ['BOOMI_ACCOUNT_ID', 'BOOMI_USERNAME', 'BOOMI_API_TOKEN'] as const;
  const present = credentialNames.filter((n) => env[n] !== undefined && env[n]?.trim() !== '');
  if (present.length > 0 && present.length < credentialNames.length) {
    const missing = credentialNames.filter((n) => !present.includes(n));
    problems.push(
      `${missing.join(', ')}: required when ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set ` +
        '(set all three Boomi credentials for production mode, or none for sandbox mode)',
    );
  }

  const attemptTimeoutMs = parsed.UPSTREAM_ATTEMPT_TIMEOUT_MS ?? 10_000;
  const deadlineMs = parsed.UPSTREAM_DEADLINE_MS ?? 30_000;
  if (attemptTimeoutMs > deadlineMs) {
    problems.push(
      `UPSTREAM_ATTEMPT_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS (received ${attemptTimeoutMs} > ${deadlineMs})`,
    );
  }
  const retryBase = parsed.RETRY_BASE_DELAY_MS ?? 100;
  const retryMax = parsed.RETRY_MAX_DELAY_MS ?? 2000;
  if (retryBase > retryMax) {
    problems.push(
      `RETRY_BASE_DELAY_MS: must not exceed RETRY_MAX_DELAY_MS (received ${retryBase} > ${retryMax})`,
    );
  }

  // federation (#13)
  let contract: { tags: Config['federation']['tags']; inaccessible: Config['federation']['inaccessible'] } = {
    tags: [],
    inaccessible: [],
  };
  try {
    const settings = parseContractSettings(parsed.FEDERATION_TAGS, parsed.FEDERATION_INACCESSIBLE);
    contract = { tags: settings.tags ?? [], inaccessible: settings.inaccessible ?? [] };
  } catch (error) {
    problems.push((error as Error).message);
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }

  const mode = present.length === credentialNames.length ? 'production' : 'sandbox';
  return {
    mode,
    host: parsed.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    port: parsed.PORT ?? 4000,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    graphiql: parsed.GRAPHIQL ?? mode === 'sandbox',
    boomi: {
      accountId: parsed.BOOMI_ACCOUNT_ID ?? '',
      username: parsed.BOOMI_USERNAME ?? '',
      apiToken: parsed.BOOMI_API_TOKEN ?? '',
      graphqlUrl: parsed.BOOMI_GRAPHQL_URL ?? 'https://platform.boomi.com/graphql',
      authUrl: parsed.BOOMI_AUTH_URL ?? 'https://api.boomi.com/auth/jwt/generate',
      spaceQueryField: parsed.BOOMI_SPACE_QUERY_FIELD ?? 'space',
    },
    upstreamSchema: {
      source: parsed.UPSTREAM_SCHEMA ?? 'snapshot',
      snapshotPath: parsed.UPSTREAM_SCHEMA_PATH ?? 'schema/boomi-spaces.graphql',
    },
    jwt: {
      refreshMarginSeconds: parsed.JWT_REFRESH_MARGIN_SECONDS ?? 60,
      defaultLifetimeSeconds: parsed.JWT_DEFAULT_LIFETIME_SECONDS ?? 300,
      mintTimeoutMs: parsed.JWT_MINT_TIMEOUT_MS ?? 10_000,
      // An auth endpoint failing half the time still yields a token for 1 - 0.5^8 = 99.6 % of callers.
      mintAttempts: parsed.JWT_MINT_ATTEMPTS ?? 8,
    },
    upstream: {
      attemptTimeoutMs,
      deadlineMs,
      maxConcurrency: parsed.UPSTREAM_MAX_CONCURRENCY ?? 4,
      requestsPerSecond: parsed.UPSTREAM_RPS,
      queueLimit: parsed.UPSTREAM_QUEUE_LIMIT ?? 1000,
      queueMaxWaitMs: parsed.UPSTREAM_QUEUE_MAX_WAIT_MS ?? 10_000,
      retryMaxAttempts: parsed.RETRY_MAX_ATTEMPTS ?? 4,
      retryBaseDelayMs: retryBase,
      retryMaxDelayMs: retryMax,
      // Finagle's defaults: 20 % of traffic, at least 10 retries per second.
      retryBudgetRatio: parsed.RETRY_BUDGET_RATIO ?? 0.2,
      retryBudgetMinPerSecond: parsed.RETRY_BUDGET_MIN_PER_SECOND ?? 10,
      breakerConsecutiveFailures: parsed.BREAKER_CONSECUTIVE_FAILURES ?? 5,
      // Above 0.5 on purpose: an upstream failing half its answers is what retries absorb (see docs/resilience.md).
      breakerFailureRatio: parsed.BREAKER_FAILURE_RATIO ?? 0.8,
      breakerOpenMs: parsed.BREAKER_OPEN_MS ?? 5000,
      keepAliveConnections: parsed.UPSTREAM_KEEPALIVE_CONNECTIONS ?? 32,
    },
    uploads: {
      maxLogoBytes: parsed.MAX_LOGO_BYTES ?? 262_144,
      maxRequestBytes: parsed.MAX_REQUEST_BYTES ?? 1024 * 1024,
    },
    subgraph: {
      typePrefix: parsed.TYPE_PREFIX ?? '',
      readOnly: parsed.READ_ONLY ?? false,
      entityMaxBatchSize: parsed.ENTITY_MAX_BATCH_SIZE ?? 100,
    },
    // federation (#13)
    federation: {
      ...contract,
      authorizationDirectives: parsed.FEDERATION_AUTHORIZATION_DIRECTIVES ?? false,
      apqMaxEntries: parsed.APQ_MAX_ENTRIES ?? 1000,
    },
    sandbox: {
      jwtLifetimeSeconds: parsed.SANDBOX_JWT_LIFETIME_SECONDS ?? 300,
    },
  };
}
