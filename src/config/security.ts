import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

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

/** The front-door settings as read from the environment (the `security` section of the schema). */
export interface SecuritySettings {
  nodeEnv?: string | undefined;
  sandbox?: boolean | undefined;
  inboundAuth?: 'hmac' | 'jwt' | 'shared-secret' | 'none' | undefined;
  sharedSecret?: string | undefined;
  sharedSecretFile?: string | undefined;
  sharedSecretHeader: string;
  hmacSecret?: string | undefined;
  hmacSecretFile?: string | undefined;
  hmacExtension: string;
  jwtJwksUrl?: string | undefined;
  jwtPublicKey?: string | undefined;
  jwtPublicKeyFile?: string | undefined;
  jwtAlgorithms: readonly JwtAlgorithm[];
  jwtIssuer?: string | undefined;
  jwtAudience?: readonly string[] | undefined;
  jwtClockToleranceSeconds: number;
  jwtJwksCooldownMs: number;
  corsOrigins: readonly string[];
  csrfRequiredHeaders: readonly string[];
  introspection?: boolean | undefined;
  metricsToken?: string | undefined;
  metricsPort?: number | undefined;
}

/** Shared secrets and tokens must be long enough that guessing them is hopeless. */
export const MIN_SECRET_LENGTH = 16;

/**
 * The `security` section resolved. Secure defaults apply when the service is "hardened": Boomi credentials
 * are set (it acts with a real account) or `NODE_ENV=production`. Returns undefined after recording problems.
 */
export function resolveSecurity(
  settings: SecuritySettings,
  hasCredentials: boolean,
  problems: string[],
): SecurityConfig | undefined {
  const production = settings.nodeEnv === 'production';
  const hardened = hasCredentials || production;
  checkSandbox(settings, production, hasCredentials, problems);
  const inboundAuth = resolveInboundAuth(settings, hardened, problems);
  if (!inboundAuth) return undefined;
  return {
    hardened,
    sandboxInProduction: production && !hasCredentials && settings.sandbox === true,
    inboundAuth,
    corsOrigins: settings.corsOrigins,
    csrfRequiredHeaders: settings.csrfRequiredHeaders,
    introspection: settings.introspection ?? !hardened,
    metrics: { token: settings.metricsToken, port: settings.metricsPort },
  };
}

/** No silent sandbox in production: without credentials under NODE_ENV=production, SANDBOX=true is required. */
function checkSandbox(
  settings: SecuritySettings,
  production: boolean,
  hasCredentials: boolean,
  problems: string[],
): void {
  const credentials = 'BOOMI_ACCOUNT_ID, BOOMI_USERNAME, BOOMI_API_TOKEN';
  if (settings.sandbox === true && hasCredentials) {
    problems.push(
      `SANDBOX: true conflicts with the Boomi credentials (${credentials}); set one or the other`,
    );
  } else if (settings.sandbox === false && !hasCredentials) {
    problems.push(`${credentials}: required when SANDBOX=false (the sandbox simulator is refused)`);
  } else if (production && !hasCredentials && settings.sandbox !== true) {
    problems.push(
      `SANDBOX: NODE_ENV=production but no Boomi credentials (${credentials}) are set; refusing to serve ` +
        'simulator data as if it were Boomi. Set the credentials, or SANDBOX=true to run the sandbox on purpose',
    );
  }
}

/** A secret given inline or as a file (Kubernetes secret volume); never both. */
export function secretFrom(
  inline: string | undefined,
  file: string | undefined,
  names: { inline: string; file: string },
  problems: string[],
): string | undefined {
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
  if (text.length < MIN_SECRET_LENGTH) {
    problems.push(
      `${names.file}: the secret in the file is too short (expected at least ${MIN_SECRET_LENGTH} characters)`,
    );
    return undefined;
  }
  return text;
}

function resolveInboundAuth(
  settings: SecuritySettings,
  hardened: boolean,
  problems: string[],
): InboundAuthConfig | undefined {
  const method = settings.inboundAuth;
  if (method === undefined && hardened) {
    problems.push(
      'INBOUND_AUTH: required in production (Boomi credentials or NODE_ENV=production are set): ' +
        'choose hmac, jwt or shared-secret, or none to let every caller act with the Boomi account',
    );
    return undefined;
  }
  switch (method ?? 'none') {
    case 'none':
      return { method: 'none' };
    case 'shared-secret':
      return resolveSecretMethod(settings, 'shared-secret', problems);
    case 'hmac':
      return resolveSecretMethod(settings, 'hmac', problems);
    case 'jwt':
      return resolveJwt(settings, problems);
  }
}

function resolveSecretMethod(
  settings: SecuritySettings,
  method: 'shared-secret' | 'hmac',
  problems: string[],
): InboundAuthConfig | undefined {
  const names =
    method === 'hmac'
      ? { inline: 'INBOUND_HMAC_SECRET', file: 'INBOUND_HMAC_SECRET_FILE' }
      : { inline: 'INBOUND_SHARED_SECRET', file: 'INBOUND_SHARED_SECRET_FILE' };
  const count = problems.length;
  const secret =
    method === 'hmac'
      ? secretFrom(settings.hmacSecret, settings.hmacSecretFile, names, problems)
      : secretFrom(settings.sharedSecret, settings.sharedSecretFile, names, problems);
  if (secret === undefined) {
    if (problems.length === count) {
      problems.push(`${names.inline}: required when INBOUND_AUTH=${method} (or ${names.file})`);
    }
    return undefined;
  }
  return method === 'hmac'
    ? { method, secret, extensionName: settings.hmacExtension }
    : { method, secret, header: settings.sharedSecretHeader };
}

function resolveJwt(settings: SecuritySettings, problems: string[]): InboundAuthConfig | undefined {
  const count = problems.length;
  let publicKey = settings.jwtPublicKey;
  const keyFile = settings.jwtPublicKeyFile;
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
  const sources = [settings.jwtJwksUrl, settings.jwtPublicKey, keyFile].filter((v) => v);
  if (sources.length !== 1) {
    problems.push(
      'INBOUND_JWT_JWKS_URL, INBOUND_JWT_PUBLIC_KEY, INBOUND_JWT_PUBLIC_KEY_FILE: exactly one is required when INBOUND_AUTH=jwt',
    );
  }
  if (publicKey !== undefined && !isPublicKey(publicKey)) {
    const name = keyFile === undefined ? 'INBOUND_JWT_PUBLIC_KEY' : 'INBOUND_JWT_PUBLIC_KEY_FILE';
    problems.push(`${name}: expected a public key (SPKI PEM or one public JWK as JSON)`);
  }
  if (settings.jwtIssuer === undefined) problems.push('INBOUND_JWT_ISSUER: required when INBOUND_AUTH=jwt');
  if (settings.jwtAudience === undefined)
    problems.push('INBOUND_JWT_AUDIENCE: required when INBOUND_AUTH=jwt');
  if (problems.length > count) return undefined;
  return {
    method: 'jwt',
    jwksUrl: settings.jwtJwksUrl,
    publicKey,
    algorithms: settings.jwtAlgorithms,
    issuer: settings.jwtIssuer as string,
    audience: settings.jwtAudience as string[],
    clockToleranceSeconds: settings.jwtClockToleranceSeconds,
    jwksCooldownMs: settings.jwtJwksCooldownMs,
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
