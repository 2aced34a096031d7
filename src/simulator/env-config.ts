/**
 * Environment variables of `npm run simulator` → {@link SimulatorOptions}. An invalid value throws
 * an error whose message names the variable and the value received.
 */
import { parseFaultConfig } from './fault-config.ts';
import { ERROR_STYLES, type ErrorStyle, type SimulatorOptions } from './types.ts';

/** Every variable read, with its meaning (printed by docs/simulator.md). */
export const SIMULATOR_ENV_VARS = [
  'SIM_HOST',
  'SIM_PORT',
  'SIM_JWT_LIFETIME_SECONDS',
  'SIM_JWT_BODY_FORMAT',
  'SIM_JWT_SECRET',
  'SIM_ERROR_STYLE',
  'SIM_ERROR_CODE_NAMING',
  'SIM_ERROR_HTTP_STATUS',
  'SIM_ERROR_PATHS',
  'SIM_SPACE_QUERY_FIELDS',
  'SIM_MAX_SPACE_NAME_LENGTH',
  'SIM_MAX_SPACES_PER_ACCOUNT',
  'SIM_MAX_CONCURRENT_PER_ACCOUNT',
  'SIM_REQUESTS_PER_SECOND',
  'SIM_RETRY_AFTER',
  'SIM_MAX_BODY_BYTES',
  'SIM_FAULTS',
] as const;

/** Thrown for an invalid variable; `variable` is the offending name. */
export class EnvConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnvConfigError';
  }
}

type Env = Record<string, string | undefined>;

function bad(variable: string, expected: string, value: string): never {
  throw new EnvConfigError(variable, `${variable} must be ${expected} (received ${JSON.stringify(value)})`);
}

function integer(env: Env, variable: string, min: number, max: number): number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) bad(variable, `an integer in ${min}..${max}`, raw);
  const value = Number(raw.trim());
  if (value < min || value > max) bad(variable, `an integer in ${min}..${max}`, raw);
  return value;
}

function oneOf<T extends string>(env: Env, variable: string, allowed: readonly T[]): T | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim() as T;
  if (!allowed.includes(value)) bad(variable, `one of ${allowed.join(', ')}`, raw);
  return value;
}

/** Reads the simulator options from the environment. */
export function simulatorOptionsFromEnv(env: Env): SimulatorOptions {
  const options: SimulatorOptions = {};
  const host = env.SIM_HOST?.trim();
  if (host) options.host = host;
  const port = integer(env, 'SIM_PORT', 0, 65535);
  if (port !== undefined) options.port = port;
  const lifetime = integer(env, 'SIM_JWT_LIFETIME_SECONDS', 1, 86_400);
  if (lifetime !== undefined) options.jwtLifetimeSeconds = lifetime;
  const bodyFormat = oneOf(env, 'SIM_JWT_BODY_FORMAT', ['text', 'json'] as const);
  if (bodyFormat) options.jwtBodyFormat = bodyFormat;
  const secret = env.SIM_JWT_SECRET;
  if (secret !== undefined && secret !== '') {
    // Never echo the secret itself.
    if (secret.length < 16)
      throw new EnvConfigError('SIM_JWT_SECRET', 'SIM_JWT_SECRET must be at least 16 characters');
    options.jwtSecret = secret;
  }
  const style = oneOf<ErrorStyle>(env, 'SIM_ERROR_STYLE', ERROR_STYLES);
  if (style) options.errorStyle = style;
  const naming = oneOf(env, 'SIM_ERROR_CODE_NAMING', ['legacy', 'current'] as const);
  if (naming) options.errorCodeNaming = naming;
  const status = oneOf(env, 'SIM_ERROR_HTTP_STATUS', ['200', '400', '500'] as const);
  if (status) options.errorHttpStatus = Number(status) as 200 | 400 | 500;
  const errorPaths = oneOf(env, 'SIM_ERROR_PATHS', ['alias', 'field-name'] as const);
  if (errorPaths) options.errorPaths = errorPaths;
  const fields = env.SIM_SPACE_QUERY_FIELDS;
  if (fields !== undefined && fields.trim() !== '') {
    const list = fields.split(',').map((f) => f.trim());
    if (list.some((f) => f !== 'space' && f !== 'Space')) {
      bad('SIM_SPACE_QUERY_FIELDS', 'a comma-separated list of space and/or Space', fields);
    }
    options.spaceQueryFields = list as Array<'space' | 'Space'>;
  }
  const maxName = integer(env, 'SIM_MAX_SPACE_NAME_LENGTH', 1, 10_000);
  if (maxName !== undefined) options.maxSpaceNameLength = maxName;
  const maxSpaces = integer(env, 'SIM_MAX_SPACES_PER_ACCOUNT', 0, 1_000_000);
  if (maxSpaces !== undefined) options.maxSpacesPerAccount = maxSpaces;
  const rateLimit: NonNullable<SimulatorOptions['rateLimit']> = {};
  const concurrent = integer(env, 'SIM_MAX_CONCURRENT_PER_ACCOUNT', 1, 100_000);
  if (concurrent !== undefined) rateLimit.maxConcurrentPerAccount = concurrent;
  const rps = integer(env, 'SIM_REQUESTS_PER_SECOND', 1, 1_000_000);
  if (rps !== undefined) rateLimit.requestsPerSecond = rps;
  const retryAfter = oneOf(env, 'SIM_RETRY_AFTER', ['true', 'false'] as const);
  if (retryAfter) rateLimit.retryAfter = retryAfter === 'true';
  const throttleStatus = oneOf(env, 'SIM_THROTTLE_STATUS', ['429', '503'] as const);
  if (throttleStatus) rateLimit.status = throttleStatus === '503' ? 503 : 429;
  if (Object.keys(rateLimit).length > 0) options.rateLimit = rateLimit;
  const maxBody = integer(env, 'SIM_MAX_BODY_BYTES', 64, 1024 * 1024 * 1024);
  if (maxBody !== undefined) options.maxBodyBytes = maxBody;
  const faults = env.SIM_FAULTS;
  if (faults !== undefined && faults.trim() !== '') {
    let value: unknown;
    try {
      value = JSON.parse(faults);
    } catch {
      bad('SIM_FAULTS', 'a JSON FaultConfig object', faults);
    }
    const parsed = parseFaultConfig(value);
    if (!parsed.ok) throw new EnvConfigError('SIM_FAULTS', `SIM_FAULTS: ${parsed.error}`);
    options.faults = parsed.value;
  }
  return options;
}
