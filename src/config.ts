import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

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
  // inbound security (#9)
  security: SecurityConfig;
}

// inbound security (#9)
/** How callers of this subgraph prove they are the organization's gateway (`INBOUND_AUTH`). */
export type InboundAuthConfig =
  | { method: 'none' }
  | { method: 'shared-secret'; secret: string; header: string }
  | { method: 'hmac'; secret: string; extensionName: string }
  | {
      method: 'jwt';
      jwksUrl: string | undefined;
      publicKey: string | undefined;
      algorithms: readonly JwtAlgorithm[];
      issuer: string;
      audience: readonly string[];
      clockToleranceSeconds: number;
      jwksCooldownMs: number;
    };

/** Asymmetric JWS algorithms a gateway-issued JWT may use (`INBOUND_JWT_ALGORITHMS`). */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The front door: inbound authentication, browsers, schema exposure, metrics. See docs/security.md. */
export interface SecurityConfig {
  /** True with Boomi credentials or `NODE_ENV=production`: the secure defaults apply. */
  hardened: boolean;
  /** `SANDBOX=true` under `NODE_ENV=production`: simulator data served on purpose. */
  sandboxInProduction: boolean;
  inboundAuth: InboundAuthConfig;
  /** Origins answered with CORS headers (credentials allowed); empty: no cross-origin access. */
  corsOrigins: readonly string[];
  /** Headers any of which lets a form, multipart, text/plain or GET request through CSRF prevention. */
  csrfRequiredHeaders: readonly string[];
  /** Introspection and "Did you mean" suggestions. */
  introspection: boolean;
  metrics: {
    /** Bearer token `/metrics` requires; undefined: open. */
    token: string | undefined;
    /** Serve `/metrics` on this port only (not on the GraphQL port); undefined: on the GraphQL port. */
    port: number | undefined;
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

// inbound security (#9)
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
const secretText = z.string().min(16, { message: 'expected at least 16 characters' });
const origin = z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, {
  message: 'expected origins like https://app.example.com',
});

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
  // inbound security (#9)
  NODE_ENV: z.string().min(1),
  SANDBOX: bool,
  INBOUND_AUTH: z.enum(['hmac', 'jwt', 'shared-secret', 'none'], {
    message: 'expected hmac, jwt, shared-secret or none',
  }),
  INBOUND_SHARED_SECRET: secretText,
  INBOUND_SHARED_SECRET_FILE: z.string().min(1),
  INBOUND_SHARED_SECRET_HEADER: headerName,
  INBOUND_HMAC_SECRET: secretText,
  INBOUND_HMAC_SECRET_FILE: z.string().min(1),
  INBOUND_HMAC_EXTENSION: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'expected a name like hmac-signature' }),
  INBOUND_JWT_JWKS_URL: httpUrl,
  INBOUND_JWT_PUBLIC_KEY: z.string().min(1),
  INBOUND_JWT_PUBLIC_KEY_FILE: z.string().min(1),
  INBOUND_JWT_ALGORITHMS: list(
    z.enum(JWT_ALGORITHMS, { message: `expected some of ${JWT_ALGORITHMS.join(', ')}` }),
  ),
  INBOUND_JWT_ISSUER: z.string().min(1),
  INBOUND_JWT_AUDIENCE: list(z.string().min(1)),
  INBOUND_JWT_CLOCK_TOLERANCE_SECONDS: int(0, 600),
  INBOUND_JWT_JWKS_COOLDOWN_MS: int(0, 3_600_000),
  CORS_ORIGINS: list(origin),
  CSRF_REQUIRED_HEADERS: list(headerName),
  INTROSPECTION: bool,
  METRICS_TOKEN: secretText,
  METRICS_PORT: int(0, 65535),
} as const;

type EnvName = keyof typeof ENV;
type Parsed = { [K in EnvName]?: z.output<(typeof ENV)[K]> };

/** Names of the variables that hold secrets: their values never appear in a message. */
const SECRET_VARIABLES: ReadonlySet<EnvName> = new Set([
  'BOOMI_API_TOKEN',
  // inbound security (#9)
  'INBOUND_SHARED_SECRET',
  'INBOUND_HMAC_SECRET',
  'METRICS_TOKEN',
]);

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

  // inbound security (#9)
  const hasCredentials = present.length === credentialNames.length;
  const security = loadSecurity(env, parsed, hasCredentials, problems);

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
    sandbox: {
      jwtLifetimeSeconds: parsed.SANDBOX_JWT_LIFETIME_SECONDS ?? 300,
    },
    // inbound security (#9)
    security: security as SecurityConfig,
  };
}

// inbound security (#9)
/** Defaults of the front door, declared once (see docs/security.md). */
export const SECURITY_DEFAULTS = {
  sharedSecretHeader: 'x-gateway-secret',
  hmacExtensionName: 'hmac-signature',
  jwtAlgorithms: ['RS256'] as readonly JwtAlgorithm[],
  jwtClockToleranceSeconds: 30,
  // jose's own default: an unknown `kid` re-fetches the JWKS at most this often.
  jwtJwksCooldownMs: 30_000,
  // Apollo Router's default CSRF headers.
  csrfRequiredHeaders: ['apollo-require-preflight', 'x-apollo-operation-name'] as readonly string[],
} as const;

/**
 * The `security` section. Secure defaults apply when the service is "hardened": Boomi credentials are
 * set (it acts with a real account) or `NODE_ENV=production`. Returns undefined after recording problems.
 */
function loadSecurity(
  env: Record<string, string | undefined>,
  parsed: Parsed,
  hasCredentials: boolean,
  problems: string[],
): SecurityConfig | undefined {
  const production = parsed.NODE_ENV === 'production';
  const hardened = hasCredentials || production;
  checkSandbox(parsed, production, hasCredentials, problems);
  const inboundAuth = loadInboundAuth(env, parsed, hardened, problems);
  if (!inboundAuth) return undefined;
  return {
    hardened,
    sandboxInProduction: production && !hasCredentials && parsed.SANDBOX === true,
    inboundAuth,
    corsOrigins: parsed.CORS_ORIGINS ?? [],
    csrfRequiredHeaders: parsed.CSRF_REQUIRED_HEADERS ?? SECURITY_DEFAULTS.csrfRequiredHeaders,
    introspection: parsed.INTROSPECTION ?? !hardened,
    metrics: { token: parsed.METRICS_TOKEN, port: parsed.METRICS_PORT },
  };
}

/** No silent sandbox in production: without credentials under NODE_ENV=production, SANDBOX=true is required. */
function checkSandbox(
  parsed: Parsed,
  production: boolean,
  hasCredentials: boolean,
  problems: string[],
): void {
  const credentials = 'BOOMI_ACCOUNT_ID, BOOMI_USERNAME, BOOMI_API_TOKEN';
  if (parsed.SANDBOX === true && hasCredentials) {
    problems.push(
      `SANDBOX: true conflicts with the Boomi credentials (${credentials}); set one or the other`,
    );
  } else if (parsed.SANDBOX === false && !hasCredentials) {
    problems.push(`${credentials}: required when SANDBOX=false (the sandbox simulator is refused)`);
  } else if (production && !hasCredentials && parsed.SANDBOX !== true) {
    problems.push(
      `SANDBOX: NODE_ENV=production but no Boomi credentials (${credentials}) are set; refusing to serve ` +
        'simulator data as if it were Boomi. Set the credentials, or SANDBOX=true to run the sandbox on purpose',
    );
  }
}

/** A secret given inline or as a file (Kubernetes secret volume); never both. */
function secretFrom(
  parsed: Parsed,
  names: { inline: 'INBOUND_SHARED_SECRET' | 'INBOUND_HMAC_SECRET'; file: EnvName },
  problems: string[],
): string | undefined {
  const inline = parsed[names.inline];
  const file = parsed[names.file] as string | undefined;
  if (inline !== undefined && file !== undefined) {
    problems.push(`${names.inline}, ${names.file}: set one of them, not both`);
    return undefined;
  }
  if (file === undefined) return inline;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`${names.file}: cannot read the file (${reason}, received ${JSON.stringify(file)})`);
    return undefined;
  }
  const result = secretText.safeParse(text);
  if (!result.success) {
    problems.push(`${names.file}: the secret in the file is too short (expected at least 16 characters)`);
    return undefined;
  }
  return result.data;
}

function loadInboundAuth(
  env: Record<string, string | undefined>,
  parsed: Parsed,
  hardened: boolean,
  problems: string[],
): InboundAuthConfig | undefined {
  const method = parsed.INBOUND_AUTH;
  if (method === undefined && hardened && !(env.INBOUND_AUTH ?? '').trim()) {
    problems.push(
      'INBOUND_AUTH: required in production (Boomi credentials or NODE_ENV=production are set): ' +
        'choose hmac, jwt or shared-secret, or none to let every caller act with the Boomi account',
    );
    return undefined;
  }
  switch (method ?? 'none') {
    case 'none':
      return { method: 'none' };
    case 'shared-secret': {
      const names = { inline: 'INBOUND_SHARED_SECRET', file: 'INBOUND_SHARED_SECRET_FILE' } as const;
      const secret = secretFrom(parsed, names, problems);
      if (secret === undefined && !problems.some((p) => p.startsWith('INBOUND_SHARED_SECRET'))) {
        problems.push(
          'INBOUND_SHARED_SECRET: required when INBOUND_AUTH=shared-secret (or INBOUND_SHARED_SECRET_FILE)',
        );
      }
      const header = parsed.INBOUND_SHARED_SECRET_HEADER ?? SECURITY_DEFAULTS.sharedSecretHeader;
      return secret === undefined ? undefined : { method: 'shared-secret', secret, header };
    }
    case 'hmac': {
      const names = { inline: 'INBOUND_HMAC_SECRET', file: 'INBOUND_HMAC_SECRET_FILE' } as const;
      const secret = secretFrom(parsed, names, problems);
      if (secret === undefined && !problems.some((p) => p.startsWith('INBOUND_HMAC_SECRET'))) {
        problems.push('INBOUND_HMAC_SECRET: required when INBOUND_AUTH=hmac (or INBOUND_HMAC_SECRET_FILE)');
      }
      const extensionName = parsed.INBOUND_HMAC_EXTENSION ?? SECURITY_DEFAULTS.hmacExtensionName;
      return secret === undefined ? undefined : { method: 'hmac', secret, extensionName };
    }
    case 'jwt':
      return loadJwt(parsed, problems);
  }
}

function loadJwt(parsed: Parsed, problems: string[]): InboundAuthConfig | undefined {
  const count = problems.length;
  let publicKey = parsed.INBOUND_JWT_PUBLIC_KEY;
  const keyFile = parsed.INBOUND_JWT_PUBLIC_KEY_FILE;
  if (keyFile !== undefined) {
    try {
      publicKey = readFileSync(keyFile, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(
        `INBOUND_JWT_PUBLIC_KEY_FILE: cannot read the file (${reason}, received ${JSON.stringify(keyFile)})`,
      );
    }
  }
  const sources = [parsed.INBOUND_JWT_JWKS_URL, parsed.INBOUND_JWT_PUBLIC_KEY, keyFile].filter((v) => v);
  if (sources.length !== 1) {
    problems.push(
      'INBOUND_JWT_JWKS_URL, INBOUND_JWT_PUBLIC_KEY, INBOUND_JWT_PUBLIC_KEY_FILE: exactly one is required when INBOUND_AUTH=jwt',
    );
  }
  if (publicKey !== undefined && !isPublicKey(publicKey)) {
    const name = keyFile === undefined ? 'INBOUND_JWT_PUBLIC_KEY' : 'INBOUND_JWT_PUBLIC_KEY_FILE';
    problems.push(`${name}: expected a public key (SPKI PEM or one public JWK as JSON)`);
  }
  if (parsed.INBOUND_JWT_ISSUER === undefined)
    problems.push('INBOUND_JWT_ISSUER: required when INBOUND_AUTH=jwt');
  if (parsed.INBOUND_JWT_AUDIENCE === undefined)
    problems.push('INBOUND_JWT_AUDIENCE: required when INBOUND_AUTH=jwt');
  if (problems.length > count) return undefined;
  return {
    method: 'jwt',
    jwksUrl: parsed.INBOUND_JWT_JWKS_URL,
    publicKey,
    algorithms: parsed.INBOUND_JWT_ALGORITHMS ?? SECURITY_DEFAULTS.jwtAlgorithms,
    issuer: parsed.INBOUND_JWT_ISSUER as string,
    audience: parsed.INBOUND_JWT_AUDIENCE as string[],
    clockToleranceSeconds:
      parsed.INBOUND_JWT_CLOCK_TOLERANCE_SECONDS ?? SECURITY_DEFAULTS.jwtClockToleranceSeconds,
    jwksCooldownMs: parsed.INBOUND_JWT_JWKS_COOLDOWN_MS ?? SECURITY_DEFAULTS.jwtJwksCooldownMs,
  };
}

/** True for an SPKI PEM or one public JWK as JSON; private keys (given by mistake) are refused. */
function isPublicKey(text: string): boolean {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>;
      if ('d' in jwk) return false;
      return createPublicKey({ key: jwk as never, format: 'jwk' }).type === 'public';
    }
    return !trimmed.includes('PRIVATE KEY') && createPublicKey(trimmed).type === 'public';
  } catch {
    return false;
  }
}
